using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Models;
using OpenMrs.Recommender.Models.Als;
using OpenMrs.Recommender.Numerics;

namespace OpenMrs.Recommender.Tests.Models;

public sealed class AlsLossTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Efficient_loss_equals_the_brute_force_sum_over_all_cells(int threads)
    {
        const int userCount = 30, itemCount = 20, k = 4;
        const double lambda = 0.07;
        var random = new Random(11);
        var builder = new CsrBuilder(userCount, itemCount);
        for (var u = 0; u < userCount; u++)
            for (var i = 0; i < itemCount; i++)
                if (random.NextDouble() < 0.25) builder.Add(u, i, 1 + (float)(random.NextDouble() * 9));
        var confidence = builder.Build();
        var users = FactorMatrix.Gaussian(userCount, k, 0.4, 3);
        var items = FactorMatrix.Gaussian(itemCount, k, 0.4, 4);

        double sum = 0, weight = 0, norms = 0;
        for (var u = 0; u < userCount; u++)
            for (var i = 0; i < itemCount; i++)
            {
                double score = 0;
                for (var f = 0; f < k; f++) score += (double)users.Row(u)[f] * items.Row(i)[f];
                var stored = confidence.Get(u, i);
                double c = stored > 0 ? stored : 1, p = stored > 0 ? 1 : 0;
                sum += c * (p - score) * (p - score);
                weight += c;
            }
        foreach (var v in users.Data) norms += (double)v * v;
        foreach (var v in items.Data) norms += (double)v * v;
        var brute = (sum + lambda * norms) / weight;

        var efficient = AlsLoss.Compute(confidence, users, items, lambda, threads);

        Assert.True(Math.Abs(efficient - brute) <= 1e-4 * Math.Abs(brute), $"efficient {efficient} vs brute force {brute}");
    }

    [Theory]
    [InlineData(AlsSolver.Cholesky, 3)]
    [InlineData(AlsSolver.ConjugateGradient, 24)]
    public void Reported_loss_does_not_increase_across_iterations(AlsSolver solver, int cgSteps)
    {
        var data = new PlantedTasteData(users: 80, items: 60, genres: 4, seed: 6);
        var losses = new List<double?>();
        var model = new ImplicitAlsModel(new AlsOptions
        {
            Factors = 8, Iterations = 12, Solver = solver, CgSteps = cgSteps, Alpha = 2, Regularization = 0.1f, Threads = 2,
        });
        model.Fit(data.Train, new Collect(losses));

        Assert.Equal(12, losses.Count);
        Assert.All(losses, l => Assert.True(l is > 0 && double.IsFinite(l.Value)));
        for (var i = 1; i < losses.Count; i++)
            Assert.True(losses[i]!.Value <= losses[i - 1]!.Value * (1 + 1e-5), $"iteration {i + 1} rose from {losses[i - 1]} to {losses[i]}");
        Assert.True(losses[^1] < losses[0]);
    }

    private sealed class Collect(List<double?> losses) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => losses.Add(value.Loss);
    }
}
