using Microsoft.Extensions.Logging;
using OpenMrs.Audio.Models;
using static TorchSharp.torch;

namespace OpenMrs.Audio.Training;

/// <summary>
/// Fits an <see cref="AudioCnn"/> end to end from log-mel inputs to collaborative factors (ALGORITHMS.md A: tanh + MSE;
/// C: the L2-normalised output with the clipped cosine loss), with a validation split carved from the training tracks
/// and early stopping on the validation loss (C: patience 5); the best epoch's weights are restored at the end.
/// </summary>
public static class FactorFitter
{
    /// <exception cref="ArgumentException">Fewer than two tracks with a validation split, or bad options.</exception>
    /// <exception cref="OperationCanceledException">Cancelled between epochs.</exception>
    public static FactorFitResult Fit(AudioCnn model, FactorDataset data, FactorFitOptions? options = null, ILogger? logger = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new FactorFitOptions();
        options.Validate();
        var (trainTracks, validationTracks) = Split(data.TrackIds.Count, options);
        using var train = data.Subset(trainTracks);
        using var validation = validationTracks.Length > 0 ? data.Subset(validationTracks) : null;
        using var trainer = new AudioCnnTrainer(model, options.Training ?? AudioTrainingOptions.For(model.Spec.Architecture));

        var trainLosses = new List<double>();
        var validationLosses = new List<double>();
        Dictionary<string, Tensor>? best = null;
        var bestLoss = double.PositiveInfinity;
        var bestEpoch = 0;
        var stoppedEarly = false;
        try
        {
            for (var epoch = 1; epoch <= trainer.Options.Epochs; epoch++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                trainLosses.Add(trainer.TrainEpoch(train.Inputs, train.Targets));
                var loss = validation is null ? trainLosses[^1] : trainer.Evaluate(validation.Inputs, validation.Targets);
                if (validation is not null) validationLosses.Add(loss);
                logger?.LogInformation("Epoch {Epoch}/{Epochs}: train loss {Train:F5}, validation loss {Validation:F5}",
                    epoch, trainer.Options.Epochs, trainLosses[^1], validation is null ? double.NaN : loss);
                if (loss < bestLoss)
                {
                    bestLoss = loss;
                    bestEpoch = epoch;
                    Dispose(best);
                    best = Snapshot(model);
                }
                else if (validation is not null && epoch - bestEpoch >= options.Patience)
                {
                    stoppedEarly = true;
                    break;
                }
            }
            if (best is null) throw new InvalidOperationException("Training diverged: the loss was never finite (lower the learning rate).");
            model.load_state_dict(best);
        }
        finally
        {
            Dispose(best);
        }
        model.eval();
        var cosine = validation is null ? double.NaN : MeanCosine(model, validation, trainer.Options.BatchSize);
        return new FactorFitResult(trainLosses.Count, bestEpoch, stoppedEarly, trainLosses[bestEpoch - 1],
            validation is null ? double.NaN : bestLoss, cosine, trainTracks.Length, validationTracks.Length, trainLosses, validationLosses);
    }

    /// <summary>The model's head outputs [N, Outputs] on the CPU for inputs [N, mels, frames], in eval mode without gradients.</summary>
    public static Tensor Predict(AudioCnn model, Tensor inputs, int batchSize = 32)
    {
        model.eval();
        using var noGrad = no_grad();
        var device = model.parameters().First().device;
        var parts = new List<Tensor>();
        for (var start = 0L; start < inputs.shape[0]; start += batchSize)
            parts.Add(model.call(inputs.narrow(0, start, Math.Min(batchSize, inputs.shape[0] - start)).to(device)).cpu());
        var result = cat(parts, 0);
        foreach (var part in parts) part.Dispose();
        return result;
    }

    /// <summary>Mean cosine similarity between the model's outputs and the targets of <paramref name="data"/>'s rows.</summary>
    public static double MeanCosine(AudioCnn model, FactorDataset data, int batchSize = 32)
    {
        using var scope = NewDisposeScope();
        var predicted = Predict(model, data.Inputs, batchSize);
        return nn.functional.cosine_similarity(predicted, data.Targets, dim: 1).mean().item<float>();
    }

    /// <summary>Seeded split of track indices; at least one track on each side when validation is asked for.</summary>
    private static (int[] Train, int[] Validation) Split(int tracks, FactorFitOptions options)
    {
        if (options.ValidationFraction == 0) return (Enumerable.Range(0, tracks).ToArray(), []);
        if (tracks < 2) throw new ArgumentException($"A validation split needs at least 2 tracks, got {tracks}.");
        var order = Enumerable.Range(0, tracks).ToArray();
        new Random(options.Seed).Shuffle(order);
        var held = Math.Clamp((int)Math.Round(tracks * options.ValidationFraction), 1, tracks - 1);
        return (order[held..], order[..held]);
    }

    private static Dictionary<string, Tensor> Snapshot(AudioCnn model) =>
        model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());

    private static void Dispose(Dictionary<string, Tensor>? state)
    {
        if (state is null) return;
        foreach (var tensor in state.Values) tensor.Dispose();
    }
}
