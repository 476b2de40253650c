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
    public static void Read(BinaryReader reader, string expectedKind, ushort expectedFormatVersion) =>
        Read(reader, expectedKind, expectedFormatVersion, expectedFormatVersion);

    /// <summary>Checks the header of a kind whose reader understands format versions <paramref name="oldest"/>..<paramref name="newest"/>; returns the file's version.</summary>
    /// <exception cref="ModelFormatException">The stream is not a model file of this kind, or its format version is outside the range.</exception>
    public static ushort Read(BinaryReader reader, string expectedKind, ushort oldest, ushort newest)
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
            if (formatVersion < oldest || formatVersion > newest)
                throw new ModelFormatException(oldest == newest
                    ? $"'{kind}' format version {formatVersion} is not supported (expected {oldest})"
                    : $"'{kind}' format version {formatVersion} is not supported (this build reads {oldest} to {newest})");
            return formatVersion;
        }
        catch (EndOfStreamException ex)
        {
            throw new ModelFormatException("the model file is truncated in its header", ex);
        }
    }

    internal static Encoding Utf8 { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
