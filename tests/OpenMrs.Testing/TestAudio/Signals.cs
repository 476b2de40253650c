namespace OpenMrs.Testing.TestAudio;

/// <summary>Synthetic test signals with known answers: tones, harmonic notes, chords, scales and click tracks.</summary>
public static class Signals
{
    public const int DefaultSampleRate = 22050;

    public static double MidiToHz(int midi) => 440.0 * Math.Pow(2, (midi - 69) / 12.0);

    public static float[] Silence(double seconds, int sampleRate = DefaultSampleRate) => new float[(int)(seconds * sampleRate)];

    public static float[] Sine(double frequencyHz, double seconds, double amplitude = 0.5, int sampleRate = DefaultSampleRate)
    {
        var samples = new float[(int)(seconds * sampleRate)];
        for (var i = 0; i < samples.Length; i++)
            samples[i] = (float)(amplitude * Math.Sin(2 * Math.PI * frequencyHz * i / sampleRate));
        return samples;
    }

    /// <summary>A note with <paramref name="harmonics"/> partials of amplitude 1/k and a short attack/release envelope.</summary>
    public static float[] HarmonicNote(double frequencyHz, double seconds, int harmonics = 6, double amplitude = 0.3, int sampleRate = DefaultSampleRate)
    {
        var samples = new float[(int)(seconds * sampleRate)];
        AddHarmonicNote(samples, 0, samples.Length, frequencyHz, harmonics, amplitude, sampleRate);
        return samples;
    }

    /// <summary>Chords played one after another, each given as MIDI note numbers.</summary>
    public static float[] ChordProgression(IReadOnlyList<int[]> chords, double secondsPerChord, int sampleRate = DefaultSampleRate)
    {
        var length = (int)(secondsPerChord * sampleRate);
        var samples = new float[length * chords.Count];
        for (var c = 0; c < chords.Count; c++)
            foreach (var midi in chords[c])
                AddHarmonicNote(samples, c * length, length, MidiToHz(midi), 6, 0.25 / chords[c].Length, sampleRate);
        return samples;
    }

    /// <summary>Notes played one after another (a melody or scale) over a sustained drone on the first note.</summary>
    public static float[] Melody(IReadOnlyList<int> midiNotes, double secondsPerNote, int sampleRate = DefaultSampleRate)
    {
        var length = (int)(secondsPerNote * sampleRate);
        var samples = new float[length * midiNotes.Count];
        for (var n = 0; n < midiNotes.Count; n++)
            AddHarmonicNote(samples, n * length, length, MidiToHz(midiNotes[n]), 6, 0.25, sampleRate);
        return samples;
    }

    /// <summary>Short decaying noise bursts at a fixed tempo: onsets every 60/bpm seconds.</summary>
    public static float[] ClickTrack(double bpm, double seconds, int seed = 1, int sampleRate = DefaultSampleRate)
    {
        var samples = new float[(int)(seconds * sampleRate)];
        var random = new Random(seed);
        var period = 60.0 / bpm * sampleRate;
        var clickLength = (int)(0.03 * sampleRate);
        for (var beat = 0; ; beat++)
        {
            var start = (int)Math.Round(beat * period);
            if (start >= samples.Length) break;
            for (var i = 0; i < clickLength && start + i < samples.Length; i++)
            {
                var envelope = Math.Exp(-i / (0.004 * sampleRate));
                var noise = random.NextDouble() * 2 - 1;
                var tone = Math.Sin(2 * Math.PI * 1000 * i / sampleRate);
                samples[start + i] += (float)(0.6 * envelope * (0.7 * noise + 0.3 * tone));
            }
        }
        return samples;
    }

    /// <summary>
    /// Chords struck on every beat at <paramref name="bpm"/>, <paramref name="beatsPerChord"/> beats each, cycling through
    /// <paramref name="chords"/> (MIDI note numbers) for <paramref name="seconds"/>. Each strike rises over a 10 ms
    /// raised-cosine attack, decays with a 0.12 s time constant and rings for 1.2 s (a raised-cosine release over its last
    /// 50 ms; strikes that would ring past the end are left out), so there are no sharp edges; with partials of amplitude 1/k up to <paramref name="harmonics"/> and below
    /// <paramref name="maxHz"/> the signal is band-limited.
    /// </summary>
    public static float[] StruckChords(IReadOnlyList<int[]> chords, double bpm, int beatsPerChord, double seconds,
        int harmonics = 6, double maxHz = double.PositiveInfinity, int sampleRate = DefaultSampleRate)
    {
        var samples = new float[(int)(seconds * sampleRate)];
        var period = 60.0 / bpm * sampleRate;
        var attack = 0.010 * sampleRate;
        var decay = 0.12 * sampleRate;
        var ring = (int)(1.2 * sampleRate);
        var release = 0.05 * sampleRate;
        var limit = Math.Min(maxHz, sampleRate / 2.0);
        var envelope = new double[ring];
        for (var i = 0; i < ring; i++)
        {
            var rise = i < attack ? 0.5 - 0.5 * Math.Cos(Math.PI * i / attack) : 1;
            var fall = ring - i < release ? 0.5 - 0.5 * Math.Cos(Math.PI * (ring - i) / release) : 1;
            envelope[i] = rise * fall * Math.Exp(-i / decay);
        }
        for (var beat = 0; ; beat++)
        {
            var start = (int)Math.Round(beat * period);
            if (start + ring > samples.Length) break;
            var chord = chords[beat / beatsPerChord % chords.Count];
            foreach (var midi in chord)
            {
                var f = MidiToHz(midi);
                for (var i = 0; i < ring; i++)
                {
                    double value = 0;
                    for (var k = 1; k <= harmonics && k * f < limit; k++) value += Math.Sin(2 * Math.PI * k * f * i / sampleRate) / k;
                    samples[start + i] += (float)(0.25 / chord.Length * envelope[i] * value);
                }
            }
        }
        return samples;
    }

    /// <summary>Interleaves mono channels into one multi-channel buffer.</summary>
    public static float[] Interleave(params float[][] channels)
    {
        var frames = channels.Min(c => c.Length);
        var interleaved = new float[frames * channels.Length];
        for (var f = 0; f < frames; f++)
            for (var c = 0; c < channels.Length; c++)
                interleaved[f * channels.Length + c] = channels[c][f];
        return interleaved;
    }

    private static void AddHarmonicNote(float[] target, int start, int length, double frequencyHz, int harmonics, double amplitude, int sampleRate)
    {
        var ramp = Math.Min(length / 4, (int)(0.01 * sampleRate));
        var nyquist = sampleRate / 2.0;
        for (var i = 0; i < length; i++)
        {
            var envelope = Math.Min(1.0, Math.Min((double)i / ramp, (double)(length - 1 - i) / ramp));
            double value = 0;
            for (var k = 1; k <= harmonics && k * frequencyHz < nyquist; k++)
                value += Math.Sin(2 * Math.PI * k * frequencyHz * i / sampleRate) / k;
            target[start + i] += (float)(amplitude * envelope * value);
        }
    }
}
