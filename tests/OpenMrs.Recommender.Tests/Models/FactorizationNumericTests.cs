using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Models;
using OpenMrs.Recommender.Models.Als;
using OpenMrs.Recommender.Models.Factorization;
using OpenMrs.Recommender.Numerics;

namespace OpenMrs.Recommender.Tests.Models;

public sealed class FactorizationNumericTests
{
    [Theory]
    [InlineData(4, 3, 1)]
    [InlineData(8, 12, 2)]
    [InlineData(16, 40, 3)]
    [InlineData(64, 45, 4)]
    [InlineData(64, 8, 5)]
    public void Conjugate_gradient_row_solve_equals_the_direct_normal_equations(int k, int nonZeros, int seed)
    {
        var random = new Random(seed);
        var other = FactorMatrix.Gaussian(60, k, 0.3, seed);
        var indices = Enumerable.Range(0, 60).OrderBy(_ => random.Next()).Take(nonZeros).Order().ToArray();
        var confidences = indices.Select(_ => 1 + (float)random.Next(1, 20)).ToArray();
        const double lambda = 0.1;
        var gram = other.Gram();

        var direct = FoldIn.Implicit(other, gram, indices, confidences, lambda);

        var regularised = (double[])gram.Clone();
        for (var f = 0; f < k; f++) regularised[f * k + f] += lambda;
        var x = new float[k];
        ImplicitConjugateGradient.SolveRow(GramMatrix.ToFloat(regularised), other, indices, confidences, x, steps: 3 * k, new float[ImplicitConjugateGradient.ScratchLength(k, nonZeros)]);

        for (var f = 0; f < k; f++) Assert.Equal(direct[f], x[f], 1e-3f);
    }

    [Fact]
    public void Fold_in_equals_the_full_row_update_of_als()
    {
        var data = new PlantedTasteData(users: 60, items: 50, genres: 4, seed: 5);
        var model = new ImplicitAlsModel(new AlsOptions { Factors = 6, Iterations = 3, Solver = AlsSolver.Cholesky, Alpha = 2, Regularization = 0.1f });
        model.Fit(data.Train);

        var users = model.UserFactors.Clone();
        ImplicitAlsModel.SolveSide(model.Confidence.Apply(data.Train.UserItems), model.ItemFactors, users, model.Options);

        foreach (var user in new[] { 0, 13, 59 })
        {
            var folded = model.FoldInUser(data.Train.UserItems.Row(user));
            for (var f = 0; f < 6; f++) Assert.Equal(users.Row(user)[f], folded[f], 4);
        }
    }

    [Fact]
    public void Randomized_svd_recovers_the_singular_values_of_an_exactly_low_rank_matrix()
    {
        const int rows = 40, columns = 30;
        double[] singular = [5, 3, 1];
        var u = Orthonormal(rows, 3, 1);
        var v = Orthonormal(columns, 3, 2);
        var triplets = new List<(int, int, float)>();
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < columns; c++)
            {
                double value = 0;
                for (var s = 0; s < 3; s++) value += u[r * 3 + s] * singular[s] * v[c * 3 + s];
                triplets.Add((r, c, (float)value));
            }
        var matrix = CsrMatrix.FromTriplets(rows, columns, triplets);

        var svd = RandomizedSvd.Compute(new SparseOperator(matrix), rank: 3, seed: 9);
        for (var s = 0; s < 3; s++) Assert.Equal(singular[s], svd.S[s], 4);

        var model = new SvdModel(new SvdOptions { Factors = 3 });
        model.Fit(new InteractionMatrix(new IdMap(Enumerable.Range(0, rows).Select(i => $"u{i}")), new IdMap(Enumerable.Range(0, columns).Select(i => $"i{i}")), matrix));
        foreach (var r in new[] { 0, 17, 39 })
        {
            var scores = model.Recommend(r, columns, excludeSeen: false);
            foreach (var scored in scores) Assert.Equal(matrix.Get(r, scored.Item), scored.Score, 3);
        }
    }

    [Fact]
    public void Track_mean_imputation_reconstructs_the_imputed_matrix_at_full_rank()
    {
        var matrix = CsrMatrix.FromTriplets(4, 3, [(0, 0, 5f), (1, 0, 3f), (1, 1, 4f), (2, 2, 2f), (3, 1, 2f), (3, 2, 4f)]);
        var model = new SvdModel(new SvdOptions { Factors = 3, Imputation = SvdImputation.TrackMean });
        model.Fit(new InteractionMatrix(new IdMap(["a", "b", "c", "d"]), new IdMap(["x", "y", "z"]), matrix));
        float[] trackMeans = [4f, 3f, 3f];
        for (var r = 0; r < 4; r++)
            foreach (var scored in model.Recommend(r, 3, excludeSeen: false))
            {
                var observed = matrix.RowIndices(r).Contains(scored.Item);
                Assert.Equal(observed ? matrix.Get(r, scored.Item) : trackMeans[scored.Item], scored.Score, 3);
            }
    }

    [Fact]
    public void Sgd_gradient_matches_finite_differences()
    {
        var random = new Random(8);
        var p = Enumerable.Range(0, 5).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var q = Enumerable.Range(0, 5).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        const float rating = 3f, lambda = 0.04f, h = 1e-3f;
        var gradP = new float[5];
        var gradQ = new float[5];
        SquaredErrorLoss.Gradient(rating, p, q, lambda, gradP, gradQ);
        for (var f = 0; f < 5; f++)
        {
            Assert.Equal(CentralDifference(p, f, h, x => SquaredErrorLoss.Value(rating, x, q, lambda)), gradP[f], 2);
            Assert.Equal(CentralDifference(q, f, h, x => SquaredErrorLoss.Value(rating, p, x, lambda)), gradQ[f], 2);
        }
    }

    [Fact]
    public void Gravity_term_matches_the_brute_force_sum_over_all_pairs()
    {
        var users = FactorMatrix.Gaussian(23, 5, 0.7, 1);
        var items = FactorMatrix.Gaussian(17, 5, 0.7, 2);
        double brute = 0;
        for (var i = 0; i < 23; i++)
            for (var j = 0; j < 17; j++)
            {
                double dot = VectorOps.Dot(users.Row(i), items.Row(j));
                brute += dot * dot;
            }
        Assert.Equal(brute / (23 * 17), GravityTerm.Compute(users, items), 4);
    }

    [Fact]
    public void Adaptive_gradient_descent_never_ends_with_a_higher_error_than_it_started()
    {
        var data = new PlantedTasteData(users: 80, items: 60, genres: 4, seed: 6);
        var losses = new List<double>();
        var model = ModelCatalog.Create("gd-adaptive", new Dictionary<string, string> { ["iterations"] = "40", ["learning_rate"] = "0.5" });
        model.Fit(data.Train, new Collect(losses));
        for (var i = 1; i < losses.Count; i++) Assert.True(losses[i] <= losses[i - 1] + 1e-9, $"round {i} rose from {losses[i - 1]} to {losses[i]}");
        Assert.True(losses[^1] < losses[0]);
    }

    private sealed class Collect(List<double> losses) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => losses.Add(value.Loss ?? double.NaN);
    }

    private static float CentralDifference(float[] x, int f, float h, Func<float[], double> loss)
    {
        var plus = (float[])x.Clone();
        var minus = (float[])x.Clone();
        plus[f] += h;
        minus[f] -= h;
        return (float)((loss(plus) - loss(minus)) / (2 * h));
    }

    private static double[] Orthonormal(int n, int width, int seed)
    {
        var random = new Random(seed);
        var block = Enumerable.Range(0, n * width).Select(_ => random.NextDouble() - 0.5).ToArray();
        RandomizedSvd.Orthonormalise(block, n, width);
        return block;
    }
}
