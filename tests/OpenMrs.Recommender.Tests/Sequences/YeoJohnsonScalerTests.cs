using OpenMrs.Recommender.Numerics;
using OpenMrs.Recommender.Sequences;

namespace OpenMrs.Recommender.Tests.Sequences;

public sealed class YeoJohnsonScalerTests
{
    // ψ(λ, y) worked by hand from Yeo & Johnson (2000)'s four cases.
    [Theory]
    [InlineData(0.5, 3.0, 2.0)]                 // (4^0.5 − 1) / 0.5
    [InlineData(2.0, 3.0, 7.5)]                 // (4^2 − 1) / 2
    [InlineData(0.0, 1.718281828459045, 1.0)]   // log(e)
    [InlineData(-1.0, 1.0, 0.5)]                // (2^−1 − 1) / −1
    [InlineData(0.5, -3.0, -4.666666666666667)] // −(4^1.5 − 1) / 1.5
    [InlineData(2.0, -1.718281828459045, -1.0)] // −log(e)
    [InlineData(3.0, -1.0, -0.5)]               // −(2^−1 − 1) / −1
    public void The_transform_matches_hand_computed_values(double lambda, double y, double expected) =>
        Assert.Equal(expected, YeoJohnson.Transform(y, lambda), 12);

    [Theory]
    [InlineData(-7.25)]
    [InlineData(-0.3)]
    [InlineData(0.0)]
    [InlineData(2.5)]
    [InlineData(140.0)]
    public void Lambda_one_is_the_identity(double y) => Assert.Equal(y, YeoJohnson.Transform(y, 1), 12);

    [Theory]
    [InlineData(-2.0)]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(2.0)]
    [InlineData(3.5)]
    public void The_inverse_undoes_the_transform(double lambda)
    {
        foreach (var y in new[] { -30.0, -1.5, -0.01, 0, 0.2, 4, 120 })
            Assert.Equal(y, YeoJohnson.Inverse(YeoJohnson.Transform(y, lambda), lambda), 8);
    }

    // y = [0, 1, 3]: λ = 1 leaves y, σ̂² = 14/9, Σ sign·log(|y|+1) = log 8; λ = 0 gives log(1+y), σ̂² = (2/3)(log 2)².
    [Theory]
    [InlineData(1.0, -0.6627491284185588)]   // −3/2 · log(14/9)
    [InlineData(0.0, -0.37170511777259607)]  // −3/2 · log((2/3)(log 2)²) − log 8
    public void The_log_likelihood_matches_the_hand_computation(double lambda, double expected) =>
        Assert.Equal(expected, YeoJohnson.LogLikelihood([0, 1, 3], lambda), 10);

    // Data made by inverting the transform of normal draws: ψ(λ₀, y) is normal, so the maximum-likelihood λ is near λ₀.
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(1.6)]
    public void The_fitted_lambda_recovers_the_planted_one(double planted)
    {
        var random = new GaussianRandom(11);
        var y = Enumerable.Range(0, 20_000).Select(_ => YeoJohnson.Inverse(1.5 + 0.8 * random.Next(), planted)).ToArray();

        var fitted = YeoJohnson.FitLambda(y);

        Assert.InRange(fitted, planted - 0.06, planted + 0.06);
        Assert.True(YeoJohnson.LogLikelihood(y, fitted) >= YeoJohnson.LogLikelihood(y, fitted + 0.01));
        Assert.True(YeoJohnson.LogLikelihood(y, fitted) >= YeoJohnson.LogLikelihood(y, fitted - 0.01));
    }

    [Fact]
    public void The_scaler_standardises_each_feature_and_inverts_its_own_output()
    {
        var random = new GaussianRandom(3);
        // tempo-like (skewed positive), loudness-like (negative dB), a constant feature and one with missing values
        var rows = Enumerable.Range(0, 5_000).Select(i => new[]
        {
            60 + Math.Exp(3 + 0.4 * random.Next()), -20 + 4 * random.Next(), 7.0, i % 3 == 0 ? double.NaN : random.Uniform.NextDouble(),
        }).ToList();

        var scaler = YeoJohnsonScaler.Fit(rows, 4);
        var scaled = rows.Select(r => scaler.Transform(r)).ToList();

        foreach (var f in new[] { 0, 1, 3 })
        {
            var present = rows.Select((r, i) => (r, i)).Where(p => double.IsFinite(p.r[f])).Select(p => scaled[p.i][f]).ToArray();
            Assert.Equal(0, present.Average(), 6);
            Assert.Equal(1, Math.Sqrt(present.Average(v => v * v)), 6);
        }
        Assert.Equal((1.0, 1.0), (scaler.Lambdas[2], scaler.Scales[2]));
        Assert.All(scaled, z => Assert.Equal(0, z[2]));
        Assert.Equal(0, scaler.Transform([100, -20, 7, double.NaN])[3]);
        foreach (var row in rows.Take(50).Where(r => double.IsFinite(r[3])))
        {
            var back = scaler.InverseTransform(scaler.Transform(row));
            for (var f = 0; f < 4; f++) Assert.Equal(row[f], back[f], 6);
        }
        Assert.Throws<ArgumentException>(() => scaler.Transform([1, 2]));
    }
}
