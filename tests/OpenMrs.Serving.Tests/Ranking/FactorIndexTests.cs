using System.Diagnostics;
using OpenMrs.Recommender.Numerics;
using OpenMrs.Serving.Grains.Models;
using OpenMrs.Serving.Grains.Ranking;
using OpenMrs.Serving.Grains.Ranking.Candidates;
using OpenMrs.Serving.Grains.Ranking.Candidates.FactorSearch;
using OpenMrs.Serving.Tests.Fixtures;
using OpenMrs.Testing.Planted;

namespace OpenMrs.Serving.Tests.Ranking;

/// <summary>
/// Maximum inner product search over item factors: the USearch index against the exact scan on planted factors
/// (taste clusters, item norms spread over an order of magnitude as popularity spreads them in WALS), and the
/// collaborative generator's switch to it above <c>Serving:AnnAboveItems</c>.
/// </summary>
public sealed class FactorIndexTests
{
    private const int K = 100;

    [Fact]
    public void The_approximate_index_finds_at_least_nine_in_ten_of_the_exact_top_100()
    {
        var (items, queries) = PlantedFactors(items: 20_000, factors: 32, clusters: 50, queries: 100, seed: 5);
        var exact = new ExactFactorIndex(items);
        var approximate = USearchFactorIndex.Build(items);

        var recall = queries.Average(q =>
            exact.Search(q, K, []).Select(s => s.Item).Intersect(approximate.Search(q, K, []).Select(s => s.Item)).Count() / (double)K);

        Assert.True(recall >= 0.9, $"recall@{K} = {recall:F3}");
    }

    [Fact]
    public void Approximate_results_carry_exact_scores_best_first_and_never_an_excluded_item()
    {
        var (items, queries) = PlantedFactors(items: 5_000, factors: 16, clusters: 20, queries: 5, seed: 9);
        var approximate = USearchFactorIndex.Build(items);
        foreach (var query in queries)
        {
            // Leave out the exact top 30: the answer must still hold K items, none of them.
            var excluded = new ExactFactorIndex(items).Search(query, 30, []).Select(s => s.Item).Order().ToArray();
            var found = approximate.Search(query, K, excluded);

            Assert.Equal(K, found.Length);
            Assert.DoesNotContain(found, s => Array.BinarySearch(excluded, s.Item) >= 0);
            Assert.All(found, s => Assert.Equal(VectorOps.Dot(query, items.Row(s.Item)), s.Score));
            Assert.Equal(found.OrderByDescending(s => s.Score).Select(s => s.Item), found.Select(s => s.Item));
        }
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(false, 100)]
    [InlineData(true, 100)]
    [InlineData(true, 7)]
    [InlineData(true, 1_500)] // a bound heap too large for the stack
    public void The_int8_screened_exact_search_returns_the_float32_brute_force_top_k(bool planted, int count)
    {
        // Above the screen's threshold and not a whole number of 8-row blocks; planted factors have clustered
        // directions and spread norms, random ones neither.
        const int items = 12_003;
        var (matrix, queries) = planted
            ? PlantedFactors(items, factors: 64, clusters: 40, queries: 40, seed: 11)
            : (FactorMatrix.Gaussian(items, 48, 1, 12), Enumerable.Range(0, 40).Select(n => FactorMatrix.Gaussian(1, 48, 1, 100 + n).Data).ToArray());
        var index = new ExactFactorIndex(matrix);
        var random = new Random(4);
        Assert.True(items >= ExactFactorIndex.ScreenAboveItems);

        foreach (var (query, n) in queries.Select((q, n) => (q, n)))
        {
            int[] excluded = n % 2 == 0 ? [] : [.. Enumerable.Range(0, 300).Select(_ => random.Next(items)).Distinct().Order()];
            var reference = TopK.Select(FactorScoring.ScoreAll(query, matrix), count, excluded);
            Assert.Equal(reference, index.Search(query, count, excluded));
        }
        Assert.Equal(TopK.Select(new float[items], 5), index.Search(new float[matrix.Factors], 5, []));
    }

    [Fact]
    public void Norm_pruning_reads_a_fraction_of_the_items_and_stays_exact_where_it_cannot_prune()
    {
        // Norms spread over an order of magnitude, as WALS spreads them by popularity: most items cannot reach a top 100.
        var (matrix, queries) = PlantedFactors(20_003, factors: 64, clusters: 40, queries: 20, seed: 21);
        var index = new ExactFactorIndex(matrix);
        var read = queries.Average(q => index.ScreenedItems(q, K)) / matrix.Rows;
        Assert.True(read < 0.6, $"read {read:P0} of the items");

        // The longest vectors excluded: the threshold must come from the rows after them.
        var norms = matrix.RowNorms();
        int[] longest = [.. Enumerable.Range(0, matrix.Rows).OrderByDescending(i => norms[i]).Take(500).Order()];
        foreach (var query in queries.Take(5))
            Assert.Equal(TopK.Select(FactorScoring.ScoreAll(query, matrix), K, longest), index.Search(query, K, longest));

        // Every score negative: the norm bound (≥ 0) never prunes, and the answer is still the scan's.
        var negative = queries[0].Select(v => -v).ToArray();
        var shifted = new FactorMatrix(matrix.Rows, matrix.Factors);
        for (var i = 0; i < matrix.Rows; i++)
            for (var f = 0; f < matrix.Factors; f++) shifted.Row(i)[f] = (MathF.Abs(matrix.Row(i)[f]) + 0.01f) * MathF.Sign(queries[0][f]);
        var allNegative = new ExactFactorIndex(shifted);
        Assert.True(FactorScoring.ScoreAll(negative, shifted).Max() < 0);
        Assert.Equal(TopK.Select(FactorScoring.ScoreAll(negative, shifted), K), allNegative.Search(negative, K, []));

        // Equal rows tie everywhere: the scan's order (lower index first) holds across the pruned blocks.
        var tied = new FactorMatrix(ExactFactorIndex.ScreenAboveItems + 5, 8);
        for (var i = 0; i < tied.Rows; i++) tied.Row(i).Fill(i % 3 == 0 ? 2f : 1f);
        var ones = Enumerable.Repeat(1f, 8).ToArray();
        Assert.Equal(TopK.Select(FactorScoring.ScoreAll(ones, tied), 30, [0, 3]), new ExactFactorIndex(tied).Search(ones, 30, [0, 3]));
    }

    [Fact]
    public void The_cosine_index_returns_the_brute_force_cosine_top_k_without_the_item_or_zero_rows()
    {
        var (matrix, _) = PlantedFactors(ExactFactorIndex.ScreenAboveItems + 1_001, factors: 32, clusters: 30, queries: 1, seed: 31);
        foreach (var zero in new[] { 7, 100, 2_000 }) matrix.Row(zero).Clear();
        var norms = matrix.RowNorms();
        var index = new CosineFactorIndex(matrix);

        foreach (var item in new[] { 0, 1, 99, 3_000, matrix.Rows - 1 })
        {
            var cosines = new float[matrix.Rows];
            for (var j = 0; j < matrix.Rows; j++)
                cosines[j] = j == item || norms[j] == 0 ? float.NegativeInfinity : VectorOps.Dot(matrix.Row(item), matrix.Row(j)) / (norms[item] * norms[j]);
            var reference = TopK.Select(cosines, 20);
            var found = index.Nearest(item, 20);

            Assert.Equal(reference.Select(r => r.Item), found.Select(f => f.Item));
            Assert.All(reference.Zip(found), pair => Assert.Equal(pair.First.Score, pair.Second.Score, 1e-5f));
        }
        Assert.Empty(index.Nearest(100, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Nearest(matrix.Rows, 5));
    }

    [Theory]
    [InlineData(100, USearchFactorIndex.IndexName)]
    [InlineData(1_000_000, ExactFactorIndex.IndexName)]
    public async Task The_collaborative_generator_searches_with_the_approximate_index_above_the_threshold(int annAboveItems, string expected)
    {
        var part = new ModelPart("a-1", PersonalModels.Trained("als"));
        var indexes = new FactorIndexCache(annAboveItems);
        Assert.IsType(expected == USearchFactorIndex.IndexName ? typeof(USearchFactorIndex) : typeof(ExactFactorIndex), await indexes.WhenReadyAsync(part));
        var stream = PersonalModels.Stream;
        var history = stream.TracksOfGroup[0].Take(5).Select(t => (t, 2f)).ToList();
        var vector = part.Model.Factors!.FoldInUser(part.Model.History(history));
        var user = new UserProfile("u", history.Select(h => h.t).ToHashSet(), new HashSet<string>(), new HashSet<string>(), vector, [.. history.Select(h => h.t)]);
        var model = new ServingModel("p-1", OpenMrs.ModelStore.Formats.PopularityModel.Empty, DateTimeOffset.UnixEpoch, part);

        using var span = new Activity("rank").Start();
        var candidates = new CollaborativeCandidateGenerator(indexes).Generate(new RankingContext(user, model, 10)).ToList();

        Assert.Equal(expected, span.GetTagItem("openmrs.factor_index"));
        Assert.NotEmpty(candidates);
        Assert.True(stream.ShareOfOwnGroup("user-0000", candidates.Take(10).Select(c => c.TrackId)) >= 0.8);
        Assert.DoesNotContain(candidates, c => user.Heard.Contains(c.TrackId));
    }

    /// <summary>
    /// Items: one of <paramref name="clusters"/> Gaussian centres plus noise, scaled by a log-normal norm (σ 0.6);
    /// queries: a centre plus noise. Fixed seed.
    /// </summary>
    private static (FactorMatrix Items, float[][] Queries) PlantedFactors(int items, int factors, int clusters, int queries, int seed)
    {
        var random = new GaussianRandom(seed);
        var centres = FactorMatrix.Gaussian(clusters, factors, 1, seed + 1);
        var matrix = new FactorMatrix(items, factors);
        for (var i = 0; i < items; i++)
        {
            var centre = centres.Row(random.Uniform.Next(clusters));
            var scale = (float)Math.Exp(0.6 * random.Next());
            var row = matrix.Row(i);
            for (var f = 0; f < factors; f++) row[f] = scale * (centre[f] + 0.5f * (float)random.Next());
        }
        var q = new float[queries][];
        for (var n = 0; n < queries; n++)
        {
            var centre = centres.Row(random.Uniform.Next(clusters));
            q[n] = new float[factors];
            for (var f = 0; f < factors; f++) q[n][f] = centre[f] + 0.5f * (float)random.Next();
        }
        return (matrix, q);
    }
}
