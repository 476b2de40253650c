using TorchSharp;
using static TorchSharp.torch;

namespace OpenMrs.Audio.Models;

/// <summary>
/// Mini-batch training of an <see cref="AudioCnn"/>'s head on log-mel inputs [N, mels, frames] with the head's loss.
/// Targets are float [N, Outputs] (regression, cosine) or int64 class indices [N]. Batches move to the model's device.
/// </summary>
public sealed class AudioCnnTrainer : IDisposable
{
    private readonly AudioCnn _model;
    private readonly optim.Optimizer _optimiser;
    private readonly Random _shuffle;
    private readonly Device _device;

    public AudioCnnTrainer(AudioCnn model, AudioTrainingOptions? options = null)
    {
        _model = model;
        Options = options ?? AudioTrainingOptions.For(model.Spec.Architecture);
        Options.Validate();
        _device = model.parameters().First().device;
        _optimiser = Options.Optimiser == AudioOptimiser.SgdMomentum
            ? optim.SGD(model.parameters(), Options.LearningRate, momentum: Options.Momentum, weight_decay: Options.WeightDecay)
            : optim.Adam(model.parameters(), Options.LearningRate, weight_decay: Options.WeightDecay);
        _shuffle = new Random(Options.Seed);
    }

    public AudioTrainingOptions Options { get; }

    /// <summary>Runs <see cref="AudioTrainingOptions.Epochs"/> epochs; returns each epoch's mean training loss.</summary>
    public IReadOnlyList<double> Train(Tensor inputs, Tensor targets, CancellationToken cancellationToken = default)
    {
        var losses = new List<double>(Options.Epochs);
        for (var epoch = 0; epoch < Options.Epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            losses.Add(TrainEpoch(inputs, targets));
        }
        return losses;
    }

    /// <summary>One pass over the reshuffled data; returns the mean loss over examples.</summary>
    public double TrainEpoch(Tensor inputs, Tensor targets)
    {
        CheckData(inputs, targets);
        _model.train();
        var count = (int)inputs.shape[0];
        var order = Enumerable.Range(0, count).ToArray();
        _shuffle.Shuffle(order);
        double total = 0;
        var seen = 0;
        for (var start = 0; start < count; start += Options.BatchSize)
        {
            var size = Math.Min(Options.BatchSize, count - start);
            if (size == 1 && start > 0) break; // a lone trailing example would break batch norm's batch statistics
            using var scope = NewDisposeScope();
            var index = tensor(order.AsSpan(start, size).ToArray().Select(i => (long)i).ToArray(), device: inputs.device);
            var x = inputs.index_select(0, index).to(_device);
            var y = targets.index_select(0, index.to(targets.device)).to(_device);
            _optimiser.zero_grad();
            var loss = _model.Loss(_model.call(x), y);
            loss.backward();
            _optimiser.step();
            total += loss.item<float>() * size;
            seen += size;
        }
        _model.eval();
        return total / seen;
    }

    /// <summary>Mean loss in eval mode without gradients.</summary>
    public double Evaluate(Tensor inputs, Tensor targets)
    {
        CheckData(inputs, targets);
        _model.eval();
        using var noGrad = no_grad();
        double total = 0;
        var count = (int)inputs.shape[0];
        for (var start = 0; start < count; start += Options.BatchSize)
        {
            using var scope = NewDisposeScope();
            var size = Math.Min(Options.BatchSize, count - start);
            var x = inputs.narrow(0, start, size).to(_device);
            var y = targets.narrow(0, start, size).to(_device);
            total += _model.Loss(_model.call(x), y).item<float>() * size;
        }
        return total / count;
    }

    private static void CheckData(Tensor inputs, Tensor targets)
    {
        if (inputs.shape[0] != targets.shape[0] || inputs.shape[0] == 0)
            throw new ArgumentException($"Need as many targets as inputs (and at least one): {inputs.shape[0]} inputs, {targets.shape[0]} targets.");
    }

    public void Dispose() => _optimiser.Dispose();
}
