using OpenMrs.Audio.Descriptors;
using OpenMrs.Testing.TestAudio;

namespace OpenMrs.Audio.Tests.Descriptors;

public sealed class KeyTests
{
    private static readonly string[] Names = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"];

    /// <summary>I–IV–V–I in major; i–iv–V–i in harmonic minor (the major V with its leading tone), root position.</summary>
    private static float[] Cadence(int tonic, KeyMode mode)
    {
        var root = 48 + tonic;
        int[] Triad(int r, bool major) => [r, r + (major ? 4 : 3), r + 7];
        var minor = mode == KeyMode.Minor;
        int[][] chords = [Triad(root, !minor), Triad(root + 5, !minor), Triad(root + 7, true), Triad(root, !minor)];
        return Signals.ChordProgression(chords, 1.0);
    }

    private static float[] Scale(int tonic, KeyMode mode)
    {
        int[] steps = mode == KeyMode.Major ? [0, 2, 4, 5, 7, 9, 11, 12] : [0, 2, 3, 5, 7, 8, 11, 12];
        var root = 60 + tonic;
        var up = steps.Select(s => root + s).ToList();
        List<int> notes = [root, root + (mode == KeyMode.Major ? 4 : 3), root + 7, .. up, .. Enumerable.Reverse(up).Skip(1)];
        return Signals.Melody(notes, 0.3);
    }

    [Fact]
    public void Cadences_in_all_24_keys_are_recognised()
    {
        var (correct, report) = Evaluate(Cadence);
        Assert.True(correct >= Math.Ceiling(0.9 * 24), $"{correct}/24 exact: {report}");
    }

    [Fact]
    public void Scales_in_all_24_keys_are_recognised()
    {
        var (correct, report) = Evaluate(Scale);
        Assert.True(correct >= Math.Ceiling(0.9 * 24), $"{correct}/24 exact: {report}");
    }

    [Fact]
    public void A_rotated_key_profile_is_its_own_key_with_positive_confidence()
    {
        double[] major = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88];
        for (var tonic = 0; tonic < 12; tonic++)
        {
            var chroma = Enumerable.Range(0, 12).Select(pc => major[(pc - tonic + 12) % 12]).ToArray();
            var key = KeyEstimator.Estimate(chroma);
            Assert.NotNull(key);
            Assert.Equal((tonic, KeyMode.Major), (key.Tonic, key.Mode));
            Assert.Equal(1.0, key.Correlation, 6);
            Assert.True(key.Confidence > 0);
        }
    }

    [Fact]
    public void A_flat_chroma_has_no_key() => Assert.Null(KeyEstimator.Estimate(Enumerable.Repeat(1.0, 12).ToArray()));

    private static (int Correct, string Report) Evaluate(Func<int, KeyMode, float[]> make)
    {
        var correct = 0;
        var misses = new List<string>();
        foreach (var mode in new[] { KeyMode.Major, KeyMode.Minor })
            for (var tonic = 0; tonic < 12; tonic++)
            {
                var d = Spectra.Describe(make(tonic, mode));
                if (d.Key == tonic && d.Mode == (int)mode) correct++;
                else misses.Add($"{Names[tonic]} {mode} → {(d.Key is { } k ? Names[k] : "none")} {(d.Mode == 1 ? "Major" : "Minor")}");
            }
        return (correct, "misses: " + string.Join("; ", misses));
    }
}
