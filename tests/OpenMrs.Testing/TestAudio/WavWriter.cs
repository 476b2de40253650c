using System.Buffers.Binary;
using System.Text;

namespace OpenMrs.Testing.TestAudio;

/// <summary>Writes mono or interleaved multi-channel samples as a PCM or float WAV file.</summary>
public static class WavWriter
{
    public enum SampleFormat { Pcm8, Pcm16, Pcm24, Pcm32, Float32 }

    public static void Write(string path, ReadOnlySpan<float> interleaved, int sampleRate, int channels = 1, SampleFormat format = SampleFormat.Pcm16)
    {
        using var stream = File.Create(path);
        Write(stream, interleaved, sampleRate, channels, format);
    }

    public static void Write(Stream stream, ReadOnlySpan<float> interleaved, int sampleRate, int channels = 1, SampleFormat format = SampleFormat.Pcm16)
    {
        var bytesPerSample = format switch { SampleFormat.Pcm8 => 1, SampleFormat.Pcm16 => 2, SampleFormat.Pcm24 => 3, _ => 4 };
        var dataLength = interleaved.Length * bytesPerSample;
        var writer = new BinaryWriter(stream, Encoding.ASCII, leaveOpen: true);
        writer.Write("RIFF"u8);
        writer.Write(36 + dataLength);
        writer.Write("WAVE"u8);
        writer.Write("fmt "u8);
        writer.Write(16);
        writer.Write((ushort)(format == SampleFormat.Float32 ? 3 : 1));
        writer.Write((ushort)channels);
        writer.Write(sampleRate);
        writer.Write(sampleRate * channels * bytesPerSample);
        writer.Write((ushort)(channels * bytesPerSample));
        writer.Write((ushort)(bytesPerSample * 8));
        writer.Write("data"u8);
        writer.Write(dataLength);

        var bytes = new byte[dataLength];
        for (var i = 0; i < interleaved.Length; i++)
        {
            var x = Math.Clamp(interleaved[i], -1f, 1f);
            var at = bytes.AsSpan(i * bytesPerSample);
            switch (format)
            {
                case SampleFormat.Pcm8: at[0] = (byte)Math.Round(x * 127 + 128); break;
                case SampleFormat.Pcm16: BinaryPrimitives.WriteInt16LittleEndian(at, (short)Math.Round(x * 32767)); break;
                case SampleFormat.Pcm24:
                    var v = (int)Math.Round(x * 8388607);
                    at[0] = (byte)v; at[1] = (byte)(v >> 8); at[2] = (byte)(v >> 16);
                    break;
                case SampleFormat.Pcm32: BinaryPrimitives.WriteInt32LittleEndian(at, (int)Math.Round(x * 2147483647.0)); break;
                default: BinaryPrimitives.WriteSingleLittleEndian(at, x); break;
            }
        }
        writer.Write(bytes);
        writer.Flush();
    }
}
