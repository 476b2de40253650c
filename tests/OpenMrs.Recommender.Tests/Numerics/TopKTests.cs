using OpenMrs.Recommender.Numerics;

namespace OpenMrs.Recommender.Tests.Numerics;

public sealed class TopKTests
{
    [Fact]
    public void Selects_the_same_items_as_a_full_sort_without_the_excluded_ones()
    {
        var random = new Random(4);
        var scores = Enumerable.Range(0, 1000).Select(_ => (float)Math.Round(random.NextDouble(), 2)).ToArray();
        int[] excluded = [3, 10, 500, 999];

        var top = TopK.Select(scores, 25, excluded);

        var expected = Enumerable.Range(0, scores.Length).Where(i => !excluded.Contains(i))
            .OrderByDescending(i => scores[i]).ThenBy(i => i).Take(25).ToArray();
        Assert.Equal(expected, top.Select(t => t.Item));
        Assert.Equal(expected.Select(i => scores[i]), top.Select(t => t.Score));
    }

    [Fact]
    public void Returns_fewer_when_fewer_exist_and_skips_nan_and_minus_infinity()
    {
        float[] scores = [1, float.NaN, float.NegativeInfinity, 3];
        var top = TopK.Select(scores, 10);
        Assert.Equal([3, 0], top.Select(t => t.Item));
    }

    [Fact]
    public void Rejects_a_non_positive_count() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TopK.Select([1f, 2f], 0));
}

public sealed class TopKCandidateTests
{
    [Fact]
    public void Candidate_selection_with_a_huge_count_returns_all_candidates_ordered()
    {
        List<KeyValuePair<int, float>> candidates = [new(4, 0.5f), new(9, 2f), new(1, 0.5f)];
        var top = TopK.SelectCandidates(candidates, int.MaxValue);
        Assert.Equal([9, 1, 4], top.Select(t => t.Item));
    }
}
