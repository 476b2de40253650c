using System.Buffers.Binary;
using System.Text;

namespace OpenMrs.Audio.Decoding;

/// <summary>
/// Reads a RIFF/WAVE header: PCM (8/16/24/32-bit), IEEE float (32/64-bit) and WAVE_FORMAT_EXTENSIBLE with those
/// sub-formats. Anything else (ADPCM, µ-law, RF64, a damaged header) returns null so the caller can hand the file
/// to ffmpeg, which knows many more formats and gives a precise reason when it cannot read one.
/// </summary>
public static class WavHeaderParser
{
    private const ushort FormatPcm = 1;
    private const ushort FormatFloat = 3;
    private const ushort FormatExtensible = 0xFFFE;

    public static WavFormat? TryParse(Stream stream)
    {
        var reader = new BinaryReader(stream, Encoding.ASCII, leaveOpen: true);
        if (stream.Length < 12) return null;
        stream.Position = 0;
        if (Tag(reader) != "RIFF") return null;
        reader.ReadUInt32();
        if (Tag(reader) != "WAVE") return null;

        (WavSampleEncoding encoding, int channels, int rate, int blockAlign)? format = null;
        while (stream.Position + 8 <= stream.Length)
        {
            var id = Tag(reader);
            long size = reader.ReadUInt32();
            var body = stream.Position;
            if (id == "fmt ")
            {
                if (size < 16 || body + size > stream.Length) return null;
                format = ParseFormat(reader, size);
                if (format is null) return null;
            }
            else if (id == "data")
            {
                if (format is not { } f) return null;
                // Streamed writers leave the size at 0 or 0xFFFFFFFF: read to the end of the file then.
                var available = stream.Length - body;
                var length = size == 0 || size > available ? available : size;
                return new WavFormat(f.encoding, f.channels, f.rate, f.blockAlign, body, length);
            }
            stream.Position = body + size + (size & 1);
        }
        return null;
    }

    private static (WavSampleEncoding, int, int, int)? ParseFormat(BinaryReader reader, long size)
    {
        var tag = reader.ReadUInt16();
        int channels = reader.ReadUInt16();
        var rate = reader.ReadInt32();
        reader.ReadInt32();
        int blockAlign = reader.ReadUInt16();
        int bits = reader.ReadUInt16();
        if (tag == FormatExtensible)
        {
            if (size < 40) return null;
            reader.ReadUInt16(); // cbSize
            reader.ReadUInt16(); // valid bits
            reader.ReadUInt32(); // channel mask
            Span<byte> guid = stackalloc byte[16];
            reader.Read(guid);
            tag = BinaryPrimitives.ReadUInt16LittleEndian(guid);
        }
        if (channels < 1 || rate <= 0) return null;
        WavSampleEncoding? encoding = (tag, bits) switch
        {
            (FormatPcm, 8) => WavSampleEncoding.UnsignedInt8,
            (FormatPcm, 16) => WavSampleEncoding.SignedInt16,
            (FormatPcm, 24) => WavSampleEncoding.SignedInt24,
            (FormatPcm, 32) => WavSampleEncoding.SignedInt32,
            (FormatFloat, 32) => WavSampleEncoding.Float32,
            (FormatFloat, 64) => WavSampleEncoding.Float64,
            _ => null,
        };
        if (encoding is not { } e) return null;
        if (blockAlign != channels * (bits / 8)) return null;
        return (e, channels, rate, blockAlign);
    }

    private static string Tag(BinaryReader reader) => Encoding.ASCII.GetString(reader.ReadBytes(4));
}
