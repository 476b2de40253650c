namespace OpenMrs.Audio.Decoding;

public enum WavSampleEncoding { UnsignedInt8, SignedInt16, SignedInt24, SignedInt32, Float32, Float64 }

/// <summary>The parts of a RIFF/WAVE header the managed reader needs.</summary>
public sealed record WavFormat(WavSampleEncoding Encoding, int Channels, int SampleRate, int BlockAlign, long DataOffset, long DataLength)
{
    public int BytesPerSample => Encoding switch
    {
        WavSampleEncoding.UnsignedInt8 => 1,
        WavSampleEncoding.SignedInt16 => 2,
        WavSampleEncoding.SignedInt24 => 3,
        WavSampleEncoding.Float64 => 8,
        _ => 4,
    };

    public long FrameCount => DataLength / BlockAlign;
}
