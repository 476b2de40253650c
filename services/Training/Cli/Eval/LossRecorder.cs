using OpenMrs.Recommender.Models;

namespace OpenMrs.Training.Cli.Eval;

/// <summary>Records a model's training loss per iteration (synchronously, unlike Progress&lt;T&gt;) and forwards each report.</summary>
public sealed class LossRecorder(Action<TrainingProgress>? onReport = null) : IProgress<TrainingProgress>
{
    private readonly List<LossPoint> _points = [];
    private readonly object _gate = new();

    public IReadOnlyList<LossPoint> Points
    {
        get { lock (_gate) return [.. _points]; }
    }

    public void Report(TrainingProgress value)
    {
        if (value.Loss is { } loss && double.IsFinite(loss))
            lock (_gate) _points.Add(new LossPoint(value.Iteration, loss));
        onReport?.Invoke(value);
    }
}

public readonly record struct LossPoint(int Iteration, double Loss);
