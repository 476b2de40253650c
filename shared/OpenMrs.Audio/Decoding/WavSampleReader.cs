using System.Buffers.Binary;

namespace OpenMrs.Audio.Decoding;

/// <summary>Reads a frame range of WAV sample data, averaging all channels into one mono signal.</summary>
public static class WavSampleReader
{
    private const int FramesPerBlock = 1 << 15;

    /// <param name="frames">Frames to read; fewer come back when the data ends first.</param>
    public static float[] ReadMono(Stream stream, WavFormat format, long startFrame, long frames)
    {
        var mono = new float[frames];
        var buffer = new byte[FramesPerBlock * format.BlockAlign];
        stream.Position = format.DataOffset + startFrame * format.BlockAlign;
        var scale = 1f / format.Channels;
        long done = 0;
        while (done < frames)
        {
            var want = (int)Math.Min(FramesPerBlock, frames - done);
            var got = stream.ReadAtLeast(buffer.AsSpan(0, want * format.BlockAlign), want * format.BlockAlign, throwOnEndOfStream: false) / format.BlockAlign;
            for (var f = 0; f < got; f++)
            {
                var frame = buffer.AsSpan(f * format.BlockAlign, format.BlockAlign);
                float sum = 0;
                for (var c = 0; c < format.Channels; c++)
                    sum += ReadSample(frame[(c * format.BytesPerSample)..], format.Encoding);
                mono[done + f] = sum * scale;
            }
            done += got;
            if (got < want) return mono[..(int)done];
        }
        return mono;
    }

    private static float ReadSample(ReadOnlySpan<byte> b, WavSampleEncoding encoding) => encoding switch
    {
        WavSampleEncoding.UnsignedInt8 => (b[0] - 128) / 128f,
        WavSampleEncoding.SignedInt16 => BinaryPrimitives.ReadInt16LittleEndian(b) / 32768f,
        WavSampleEncoding.SignedInt24 => (b[0] | (b[1] << 8) | ((sbyte)b[2] << 16)) / 8388608f,
        WavSampleEncoding.SignedInt32 => (float)(BinaryPrimitives.ReadInt32LittleEndian(b) / 2147483648.0),
        WavSampleEncoding.Float32 => BinaryPrimitives.ReadSingleLittleEndian(b),
        WavSampleEncoding.Float64 => (float)BinaryPrimitives.ReadDoubleLittleEndian(b),
        _ => throw new ArgumentOutOfRangeException(nameof(encoding)),
    };
}
