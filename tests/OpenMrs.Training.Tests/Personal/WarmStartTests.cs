using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Models.Als;
using OpenMrs.Recommender.Numerics;
using OpenMrs.Training.Cycles;

namespace OpenMrs.Training.Tests.Personal;

/// <summary>The WALS warm start: rows carried over by track id, new tracks drawn fresh, and the previous factors never touched.</summary>
public sealed class WarmStartTests
{
    [Fact]
    public void Known_tracks_keep_their_rows_new_tracks_get_the_cold_draw_and_the_old_matrix_is_a_copy()
    {
        var options = new AlsOptions { Factors = 3 };
        var old = new FactorMatrix(2, 3, [1, 2, 3, 4, 5, 6]);
        var start = CatalogCandidateFitter.WarmStart(old, new IdMap(["a", "b"]), new IdMap(["b", "new", "a"]), options);
        var cold = FactorMatrix.Uniform(3, 3, options.InitScale, options.Seed + 1);

        Assert.Equal([4f, 5f, 6f], start.Row(0).ToArray());
        Assert.Equal(cold.Row(1).ToArray(), start.Row(1).ToArray());
        Assert.Equal([1f, 2f, 3f], start.Row(2).ToArray());
        start.Row(0).Fill(0);
        Assert.Equal([4f, 5f, 6f], old.Row(1).ToArray());
    }

    [Fact]
    public void A_mis_shaped_warm_start_is_refused_with_a_clear_message()
    {
        var model = new ImplicitAlsModel(new AlsOptions { Factors = 4, Iterations = 1 }) { InitialItemFactors = new FactorMatrix(5, 4) };
        var matrix = new InteractionMatrix(new IdMap(["u", "v", "w", "z"]), new IdMap(["a", "b", "c", "d"]),
            CsrMatrix.FromTriplets(4, 4, Enumerable.Range(0, 4).Select(i => (i, i, 1f))));
        var error = Assert.Throws<ArgumentException>(() => model.Fit(matrix));
        Assert.Contains("warm-start item factors are 5 × 4, the fit needs 4 × 4", error.Message);
    }
}
