namespace OpenMrs.AllInOne.Demo;

/// <summary>Synthesises a track of a <see cref="Genre"/>: its chord progression in harmonic tones, over a click pattern at its tempo.</summary>
public static class DemoAudio
{
    public const int SampleRate = 22050;

    public static float[] Synthesize(Genre genre, int rootKey, double bpm, double seconds, int seed)
    {
        var samples = new float[(int)(seconds * SampleRate)];
        AddChords(samples, genre, rootKey);
        if (genre.ClickLevel > 0) AddClicks(samples, bpm, genre.ClickLevel, seed);
        Normalize(samples, 0.8f);
        return samples;
    }

    private static void AddChords(float[] samples, Genre genre, int rootKey)
    {
        var chordLength = (int)(genre.SecondsPerChord * SampleRate);
        var rootMidi = 48 + rootKey;
        for (int start = 0, c = 0; start < samples.Length; start += chordLength, c++)
        {
            var chord = genre.Chords[c % genre.Chords.Length];
            var length = Math.Min(chordLength, samples.Length - start);
            foreach (var offset in chord)
                AddNote(samples, start, length, MidiToHz(rootMidi + offset), genre.Harmonics, 0.3 / chord.Length);
        }
    }

    private static void AddNote(float[] samples, int start, int length, double hz, int harmonics, double amplitude)
    {
        var attack = Math.Min(length / 4, SampleRate / 100);
        for (var i = 0; i < length; i++)
        {
            var envelope = Math.Min(1.0, i / (double)Math.Max(1, attack)) * Math.Min(1.0, (length - i) / (double)Math.Max(1, attack));
            double value = 0;
            for (var k = 1; k <= harmonics; k++)
            {
                var partial = hz * k;
                if (partial >= SampleRate / 2.0) break;
                value += Math.Sin(2 * Math.PI * partial * i / SampleRate) / k;
            }
            samples[start + i] += (float)(amplitude * envelope * value);
        }
    }

    private static void AddClicks(float[] samples, double bpm, double level, int seed)
    {
        var random = new Random(seed);
        var period = 60.0 / bpm * SampleRate;
        var clickLength = (int)(0.03 * SampleRate);
        for (var beat = 0; ; beat++)
        {
            var start = (int)Math.Round(beat * period);
            if (start >= samples.Length) break;
            for (var i = 0; i < clickLength && start + i < samples.Length; i++)
            {
                var envelope = Math.Exp(-i / (0.004 * SampleRate));
                samples[start + i] += (float)(level * 0.6 * envelope * (random.NextDouble() * 2 - 1));
            }
        }
    }

    private static void Normalize(float[] samples, float peak)
    {
        var max = 0f;
        foreach (var s in samples) max = Math.Max(max, Math.Abs(s));
        if (max <= 0) return;
        var scale = peak / max;
        for (var i = 0; i < samples.Length; i++) samples[i] *= scale;
    }

    private static double MidiToHz(int midi) => 440.0 * Math.Pow(2, (midi - 69) / 12.0);
}
