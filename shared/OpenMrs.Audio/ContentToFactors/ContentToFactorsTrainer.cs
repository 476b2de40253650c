using OpenMrs.Audio.Torch;
using OpenMrs.Recommender.Content;
using static TorchSharp.torch;

namespace OpenMrs.Audio.ContentToFactors;

/// <summary>What training did: the epochs run, the best epoch and its validation loss, and each epoch's losses.</summary>
public sealed record ContentToFactorsHistory(int Epochs, int BestEpoch, double BestValidationLoss, IReadOnlyList<double> TrainLoss, IReadOnlyList<double> ValidationLoss);

/// <summary>
/// Trains a <see cref="ContentToFactorsNetwork"/> with Adam on the clipped cosine loss, with early stopping on a
/// validation split carved from the examples (ALGORITHMS.md C), on the CPU. Inputs are content vectors, targets the
/// tracks' item factors (normalised here). Returns the best epoch's weights as a managed <see cref="DenseNetwork"/>.
/// </summary>
public static class ContentToFactorsTrainer
{
    /// <param name="inputs">N rows of equal length: the content input of each track.</param>
    /// <param name="targets">N rows of equal length k: each track's item factor (any norm; zero rows are refused).</param>
    /// <param name="network">The trained TorchSharp network, when the caller wants it (tests compare forward passes); else null and it is disposed.</param>
    /// <exception cref="ArgumentException">Fewer than two examples, ragged rows, a zero or non-finite target, or bad options.</exception>
    public static (DenseNetwork Network, ContentToFactorsHistory History) Train(
        float[][] inputs, float[][] targets, ContentToFactorsOptions options, Action<ContentToFactorsNetwork>? network = null,
        CancellationToken cancellationToken = default)
    {
        options = options.Validated();
        Check(inputs, targets);
        TorchRuntime.EnsureInitialised();
        var count = inputs.Length;
        var order = Enumerable.Range(0, count).ToArray();
        var shuffle = new Random(options.Seed);
        shuffle.Shuffle(order);
        var validationCount = Math.Clamp((int)Math.Round(count * options.ValidationFraction), 1, count - 1);
        var validation = order[..validationCount];
        var train = order[validationCount..];

        manual_seed(options.Seed);
        var model = new ContentToFactorsNetwork(inputs[0].Length, targets[0].Length, options);
        try
        {
            using var optimiser = optim.Adam(model.parameters(), options.LearningRate);
            using var trainX = Stack(Pick(inputs, train));
            using var trainY = Stack(Pick(targets, train));
            using var validX = Stack(Pick(inputs, validation));
            using var validY = Stack(Pick(targets, validation));
            var trainLoss = new List<double>();
            var validationLoss = new List<double>();
            DenseNetwork? best = null;
            var bestLoss = double.PositiveInfinity;
            var bestEpoch = 0;
            for (var epoch = 1; epoch <= options.MaxEpochs && epoch - bestEpoch <= options.Patience; epoch++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                trainLoss.Add(Epoch(model, optimiser, trainX, trainY, options.BatchSize, shuffle));
                model.eval();
                double loss;
                using (no_grad())
                using (NewDisposeScope())
                    loss = ContentToFactorsNetwork.Loss(model.call(validX), validY).item<float>();
                validationLoss.Add(loss);
                if (loss < bestLoss)
                {
                    (bestLoss, bestEpoch) = (loss, epoch);
                    best = model.ToManaged();
                }
            }
            network?.Invoke(model);
            return (best!, new ContentToFactorsHistory(trainLoss.Count, bestEpoch, bestLoss, trainLoss, validationLoss));
        }
        finally
        {
            if (network is null) model.Dispose();
        }
    }

    private static double Epoch(ContentToFactorsNetwork model, optim.Optimizer optimiser, Tensor x, Tensor y, int batchSize, Random shuffle)
    {
        model.train();
        var count = (int)x.shape[0];
        var order = Enumerable.Range(0, count).Select(i => (long)i).ToArray();
        shuffle.Shuffle(order);
        double total = 0;
        for (var start = 0; start < count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var size = Math.Min(batchSize, count - start);
            var index = tensor(order.AsSpan(start, size).ToArray());
            optimiser.zero_grad();
            var loss = ContentToFactorsNetwork.Loss(model.call(x.index_select(0, index)), y.index_select(0, index));
            loss.backward();
            optimiser.step();
            total += loss.item<float>() * size;
        }
        return total / count;
    }

    /// <summary>Rows of equal length as a float32 tensor [rows, length] on the CPU.</summary>
    internal static Tensor Stack(float[][] rows)
    {
        var width = rows.Length == 0 ? 0 : rows[0].Length;
        var flat = new float[rows.Length * width];
        for (var r = 0; r < rows.Length; r++) rows[r].CopyTo(flat, r * width);
        return tensor(flat, [rows.Length, width]);
    }

    private static float[][] Pick(float[][] rows, int[] indices) => [.. indices.Select(i => rows[i])];

    private static void Check(float[][] inputs, float[][] targets)
    {
        if (inputs.Length != targets.Length) throw new ArgumentException($"content-factors: {inputs.Length} inputs but {targets.Length} targets");
        if (inputs.Length < 2) throw new ArgumentException($"content-factors: at least two tracks are needed to train and validate, not {inputs.Length}");
        if (inputs.Any(r => r.Length != inputs[0].Length) || inputs[0].Length == 0) throw new ArgumentException("content-factors: the input rows differ in length or are empty");
        if (targets.Any(r => r.Length != targets[0].Length) || targets[0].Length == 0) throw new ArgumentException("content-factors: the target rows differ in length or are empty");
        if (targets.Any(r => !r.All(float.IsFinite) || r.All(v => v == 0))) throw new ArgumentException("content-factors: a target factor is zero or not finite");
    }
}
