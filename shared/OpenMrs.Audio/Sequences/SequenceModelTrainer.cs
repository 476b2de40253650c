using System.Diagnostics;
using OpenMrs.Audio.Torch;
using OpenMrs.Recommender.Sequences;
using TorchSharp;
using static TorchSharp.torch;

namespace OpenMrs.Audio.Sequences;

/// <summary>What one training run gave: the model, the epochs run, the validation MAE per epoch and the throughput.</summary>
/// <param name="StepsPerSecond">Predicted positions (session steps) trained per second of wall time, validation excluded.</param>
public sealed record SequenceTrainingResult(
    SequenceModel Model, int Epochs, int BestEpoch, IReadOnlyList<double> ValidationMae, int TrainSessions, int ValidationSessions,
    double StepsPerSecond);

/// <summary>
/// Trains DISCO's sequence model on listening sessions: each session is the play order of one user's listens as raw
/// <see cref="SequenceFeatures"/> vectors. Sessions are split (seeded) into training and validation; the
/// <see cref="YeoJohnsonScaler"/> is fitted on the training sessions' vectors; a <see cref="SequenceNetwork"/> learns
/// to predict every next vector from the prefix before it (padded batches, padding masked out of the loss) with MAE
/// and Adam, and stops early when the validation MAE has not improved for <see cref="SequenceTrainingOptions.Patience"/>
/// epochs, keeping the best epoch's weights. The repeat-the-last-track baseline is measured on the same validation steps.
/// </summary>
public static class SequenceModelTrainer
{
    /// <exception cref="ArgumentException">Fewer than two sessions of at least two tracks, or vectors of the wrong length.</exception>
    public static SequenceTrainingResult Train(
        IReadOnlyList<IReadOnlyList<double[]>> sessions, int embeddingDimensions, SequenceTrainingOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new SequenceTrainingOptions();
        options.Validate();
        var features = SequenceFeatures.DescriptorCount + embeddingDimensions;
        var usable = sessions.Where(s => s.Count >= 2).Select(s => s.TakeLast(options.MaxSessionLength).ToList()).ToList();
        if (usable.Count < 2) throw new ArgumentException("sequence training needs at least two sessions of two or more tracks");
        if (usable.SelectMany(s => s).Any(v => v.Length != features))
            throw new ArgumentException($"sequence training: every vector needs {features} values (descriptors + {embeddingDimensions} embedding dimensions)");

        new Random(options.Seed).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(usable));
        var validationCount = Math.Clamp((int)Math.Round(usable.Count * options.ValidationFraction), 1, usable.Count - 1);
        var validation = usable[..validationCount];
        var training = usable[validationCount..];
        var scaler = YeoJohnsonScaler.Fit([.. training.SelectMany(s => s)], features);
        var trainBatch = Batch.Of(training, scaler);
        var validationBatch = Batch.Of(validation, scaler);

        TorchRuntime.EnsureInitialised();
        torch.manual_seed(options.Seed);
        using var network = new SequenceNetwork(features, options.Hidden, options.Layers);
        using var optimiser = optim.Adam(network.parameters(), options.LearningRate);
        var order = Enumerable.Range(0, training.Count).ToArray();
        var shuffle = new Random(options.Seed + 1);
        var curve = new List<double>();
        var (best, bestEpoch, bestNetwork) = (double.PositiveInfinity, 0, network.ToManaged());
        var clock = new Stopwatch();
        long trainedSteps = 0;
        for (var epoch = 1; epoch <= options.MaxEpochs && epoch - bestEpoch <= options.Patience; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            network.train();
            shuffle.Shuffle(order);
            clock.Start();
            for (var start = 0; start < order.Length; start += options.BatchSize)
            {
                using var scope = NewDisposeScope();
                var index = tensor(order[start..Math.Min(order.Length, start + options.BatchSize)].Select(i => (long)i).ToArray());
                var (x, y, mask) = (trainBatch.Inputs.index_select(0, index), trainBatch.Targets.index_select(0, index), trainBatch.Mask.index_select(0, index));
                optimiser.zero_grad();
                var loss = MaskedMae(network.call(x), y, mask);
                loss.backward();
                optimiser.step();
                trainedSteps += (long)mask.sum().item<float>();
            }
            clock.Stop();
            network.eval();
            double mae;
            using (no_grad())
            using (var scope = NewDisposeScope())
                mae = MaskedMae(network.call(validationBatch.Inputs), validationBatch.Targets, validationBatch.Mask).item<float>();
            curve.Add(mae);
            if (mae < best) (best, bestEpoch, bestNetwork) = (mae, epoch, network.ToManaged());
        }
        double baseline;
        using (var scope = NewDisposeScope())
            baseline = MaskedMae(validationBatch.Inputs, validationBatch.Targets, validationBatch.Mask).item<float>();
        trainBatch.Dispose();
        validationBatch.Dispose();
        var model = new SequenceModel(scaler, embeddingDimensions, bestNetwork, best, baseline);
        return new SequenceTrainingResult(model, curve.Count, bestEpoch, curve, training.Count, validation.Count,
            trainedSteps / Math.Max(clock.Elapsed.TotalSeconds, 1e-9));
    }

    /// <summary>Σ |prediction − target| over unmasked steps and all features, divided by (unmasked steps × features).</summary>
    private static Tensor MaskedMae(Tensor prediction, Tensor target, Tensor mask) =>
        ((prediction - target).abs() * mask).sum() / (mask.sum() * prediction.shape[2]);

    /// <summary>Padded tensors: inputs are steps 0..n−2, targets steps 1..n−1, mask [N, T, 1] marks the real steps.</summary>
    private sealed record Batch(Tensor Inputs, Tensor Targets, Tensor Mask) : IDisposable
    {
        public static Batch Of(IReadOnlyList<List<double[]>> sessions, YeoJohnsonScaler scaler)
        {
            var steps = sessions.Max(s => s.Count) - 1;
            var features = scaler.Features;
            var inputs = new float[sessions.Count * steps * features];
            var targets = new float[inputs.Length];
            var mask = new float[sessions.Count * steps];
            for (var n = 0; n < sessions.Count; n++)
            {
                var scaled = sessions[n].Select(v => scaler.Transform(v)).ToList();
                for (var t = 0; t + 1 < scaled.Count; t++)
                {
                    var offset = (n * steps + t) * features;
                    for (var f = 0; f < features; f++)
                    {
                        inputs[offset + f] = (float)scaled[t][f];
                        targets[offset + f] = (float)scaled[t + 1][f];
                    }
                    mask[n * steps + t] = 1;
                }
            }
            return new Batch(tensor(inputs, [sessions.Count, steps, features]), tensor(targets, [sessions.Count, steps, features]),
                tensor(mask, [sessions.Count, steps, 1]));
        }

        public void Dispose()
        {
            Inputs.Dispose();
            Targets.Dispose();
            Mask.Dispose();
        }
    }
}
