using OpenMrs.Recommender.Evaluation.Metrics;

namespace OpenMrs.Recommender.Tests.Evaluation;

public class CatalogueAndFactorMetricsTests
{
    [Fact]
    public void Coverage_is_the_share_of_items_recommended() => Assert.Equal(0.25, CatalogueMetrics.Coverage(5, 20));

    [Fact]
    public void Novelty_is_mean_self_information()
    {
        int[] popularity = [8, 2, 0];
        // items held by 8/8, 2/8 and (at least 1)/8 users: 0, 2 and 3 bits
        Assert.Equal((0 + 2 + 3 + 3) / 4.0, CatalogueMetrics.Novelty([0, 1, 2, 2], popularity, users: 8), 1e-12);
    }

    [Fact]
    public void Mean_r_squared_of_a_perfect_prediction_is_one()
    {
        float[] actual = [1, 10, 2, 20, 3, 30];
        Assert.Equal(1.0, FactorMetrics.MeanRSquared(actual, actual, 2), 1e-12);
    }

    [Fact]
    public void Mean_r_squared_averages_dimensions()
    {
        // dimension 0 predicted by its mean (R² 0); dimension 1 exact (R² 1)
        float[] actual = [1, 10, 2, 20, 3, 30];
        float[] predicted = [2, 10, 2, 20, 2, 30];
        Assert.Equal(0.5, FactorMetrics.MeanRSquared(predicted, actual, 2), 1e-12);
    }

    [Fact]
    public void Mean_r_squared_can_be_negative()
    {
        float[] actual = [1, 2, 3];
        float[] predicted = [3, 2, 1];
        // SS_res = 8, SS_tot = 2
        Assert.Equal(1 - 8.0 / 2, FactorMetrics.MeanRSquared(predicted, actual, 1), 1e-12);
    }

    [Fact]
    public void Mismatched_shapes_are_rejected() =>
        Assert.Throws<ArgumentException>(() => FactorMetrics.MeanRSquared(new float[4], new float[6], 2));
}
