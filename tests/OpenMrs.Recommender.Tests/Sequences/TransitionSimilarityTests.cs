using OpenMrs.Recommender.Sequences;

namespace OpenMrs.Recommender.Tests.Sequences;

public sealed class TransitionSimilarityTests
{
    // C major against every key a fifth-step away: G (1 step), D (2), A (3), E (4), B (5), F♯ (6), F (1 the other way).
    [Theory]
    [InlineData(0, 1, 0, 1, 1.0)]
    [InlineData(0, 1, 7, 1, 1.0)]
    [InlineData(0, 1, 5, 1, 1.0)]
    [InlineData(0, 1, 2, 1, 0.6)]
    [InlineData(0, 1, 9, 1, 0.2)]
    [InlineData(0, 1, 4, 1, -0.2)]
    [InlineData(0, 1, 11, 1, -0.6)]
    [InlineData(0, 1, 6, 1, -1.0)]
    [InlineData(9, 0, 0, 1, 1.0)]   // A minor is C major's relative minor
    [InlineData(4, 0, 7, 1, 1.0)]   // E minor / G major
    [InlineData(9, 0, 6, 1, -1.0)]  // A minor (→ C) against F♯ major: a tritone apart
    [InlineData(2, 1, 9, 1, 1.0)]   // D → A: a fifth, whatever the starting key
    public void Keysim_follows_the_circle_of_fifths(int key1, int mode1, int key2, int mode2, double expected)
    {
        Assert.Equal(expected, TransitionSimilarity.KeySimilarity(key1, mode1, key2, mode2), 12);
        Assert.Equal(expected, TransitionSimilarity.KeySimilarity(key2, mode2, key1, mode1), 12);
    }

    [Theory]
    [InlineData(120, 120, 1.0)]
    [InlineData(120, 60, 1.0)]
    [InlineData(90, 180, 1.0)]
    [InlineData(100, 141.42135623730951, -1.0)]
    [InlineData(120, 169.7056274847714, -1.0)]
    [InlineData(100, 118.92071150027211, 0.0)]  // a quarter octave: 2^(1/4)
    public void Temposim_is_the_cosine_of_the_log2_ratio(double t1, double t2, double expected) =>
        Assert.Equal(expected, TransitionSimilarity.TempoSimilarity(t1, t2), 9);

    [Fact]
    public void Unknown_or_zero_inputs_score_the_worst_value_and_never_beat_a_known_transition()
    {
        double?[] badTempos = [null, 0, -5, double.NaN, double.PositiveInfinity];
        foreach (var bad in badTempos)
        {
            Assert.Equal(-1, TransitionSimilarity.TempoSimilarity(120, bad));
            Assert.Equal(-1, TransitionSimilarity.TempoSimilarity(bad, 120));
        }
        int?[] badKeys = [null, -1, 12];
        foreach (var bad in badKeys)
        {
            Assert.Equal(-1, TransitionSimilarity.KeySimilarity(0, 1, bad, 1));
            Assert.Equal(-1, TransitionSimilarity.KeySimilarity(bad, 0, 0, 1));
        }

        // no known transition scores below an unknown one, so a minimum over candidates never prefers the unknown
        for (var k = 0; k < 12; k++)
            for (var mode = 0; mode < 2; mode++)
                Assert.True(TransitionSimilarity.KeySimilarity(0, 1, k, mode) >= TransitionSimilarity.Unknown);
        for (var t = 40.0; t < 240; t += 0.5) Assert.True(TransitionSimilarity.TempoSimilarity(120, t) >= TransitionSimilarity.Unknown - 1e-12);
    }
}
