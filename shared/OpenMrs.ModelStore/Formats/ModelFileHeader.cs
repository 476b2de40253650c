using System.Text;
using OpenMrs.ModelStore.Store;

namespace OpenMrs.ModelStore.Formats;

/// <summary>
/// The header every model file starts with: the 8-byte magic <c>OMRSMODL</c>, a little-endian uint16 format
/// version, then the model kind as a length-prefixed UTF-8 string. A reader checks all three before the body.
/// </summary>
public static class ModelFileHeader
{
    private static readonly byte[] Magic = "OMRSMODL"u8.ToArray();

    public static void Write(BinaryWriter writer, string kind, ushort formatVersion)
    {
        writer.Write(Magic);
        writer.Write(formatVersion);
        writer.Write(kind);
    }

    /// <exception cref="ModelFormatException">The stream is not a model file of this kind and format version.</exception>
    public static void Read(BinaryReader reader, string expectedKind, ushort expectedFormatVersion)
    {
        try
        {
            var magic = reader.ReadBytes(Magic.Length);
            if (!magic.AsSpan().SequenceEqual(Magic))
                throw new ModelFormatException("not a model file: the magic bytes are missing");
            var formatVersion = reader.ReadUInt16();
            var kind = reader.ReadString();
            if (kind != expectedKind)
                throw new ModelFormatException($"the file holds a '{kind}' model, not '{expectedKind}'");
            if (formatVersion != expectedFormatVersion)
                throw new ModelFormatException($"'{kind}' format version {formatVersion} is not supported (expected {expectedFormatVersion})");
        }
        catch (EndOfStreamException ex)
        {
            throw new ModelFormatException("the model file is truncated in its header", ex);
        }
    }

    internal static Encoding Utf8 { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
