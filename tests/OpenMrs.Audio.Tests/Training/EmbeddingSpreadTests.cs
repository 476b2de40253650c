using OpenMrs.Audio.Training;

namespace OpenMrs.Audio.Tests.Training;

/// <summary>The collapse check that keeps a CNN whose outputs all point one way (or are zero) from being published.</summary>
public sealed class EmbeddingSpreadTests
{
    private static float[] Gaussian(Random random, int dimension) =>
        [.. Enumerable.Range(0, dimension).Select(_ => (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())))];

    [Theory]
    [InlineData(50)]
    [InlineData(1_000)] // 499,500 pairs: the sampled path
    public void Independent_outputs_are_spread(int tracks)
    {
        var random = new Random(3);
        var spread = EmbeddingSpread.Of([.. Enumerable.Range(0, tracks).Select(_ => Gaussian(random, 16))]);

        Assert.False(spread.Collapsed, spread.ToString());
        Assert.InRange(spread.MeanPairwiseCosine, -0.05, 0.05);
        Assert.Equal(0, spread.ZeroShare);
        Assert.Equal(tracks, spread.Tracks);
    }

    [Fact]
    public void Outputs_near_one_vector_are_collapsed()
    {
        var random = new Random(5);
        var mean = Gaussian(random, 32);
        var spread = EmbeddingSpread.Of([.. Enumerable.Range(0, 100).Select(_ => mean.Select(v => v + 0.001f * Gaussian(random, 1)[0]).ToArray())]);

        Assert.True(spread.Collapsed, spread.ToString());
        Assert.True(spread.MeanPairwiseCosine > 0.999, spread.ToString());
    }

    [Fact]
    public void Mostly_zero_outputs_are_collapsed_and_missing_tracks_do_not_count()
    {
        var random = new Random(7);
        float[]?[] outputs = [.. Enumerable.Range(0, 40).Select(i => i % 2 == 0 ? new float[16] : Gaussian(random, 16)), null, null];
        var spread = EmbeddingSpread.Of(outputs);

        Assert.Equal(40, spread.Tracks);
        Assert.Equal(0.5, spread.ZeroShare, 6);
        Assert.True(spread.Collapsed);
        Assert.False(EmbeddingSpread.Of([.. outputs.Where(o => o is null || o.Any(v => v != 0))]).Collapsed);
    }
}
