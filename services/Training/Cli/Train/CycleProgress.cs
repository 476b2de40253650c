using System.Collections.Concurrent;
using OpenMrs.Recommender.Models;
using OpenMrs.Training.Cli.Eval;
using OpenMrs.Training.Cycles;
using Spectre.Console;

namespace OpenMrs.Training.Cli.Train;

/// <summary>Progress bars for a cycle's steps (one per kind and step), and the loss of each candidate's fit.</summary>
public sealed class CycleProgress(ProgressContext context) : ICycleObserver
{
    private readonly ConcurrentDictionary<(string, CycleStep), ProgressTask> _tasks = new();
    private readonly ConcurrentDictionary<string, LossRecorder> _losses = new(StringComparer.Ordinal);

    /// <summary>The loss per iteration of <paramref name="kind"/>'s candidate fit; empty when it reported none.</summary>
    public IReadOnlyList<LossPoint> Loss(string kind) => _losses.TryGetValue(kind, out var recorder) ? recorder.Points : [];

    public IProgress<TrainingProgress>? Started(string kind, CycleStep step)
    {
        var task = _tasks[(kind, step)] = ProgressBars.Step(context, $"{step.ToString().ToLowerInvariant()} {kind}");
        if (step is not (CycleStep.Fit or CycleStep.Refit)) return null;
        var sink = ProgressBars.Fit(task);
        if (step == CycleStep.Fit) _losses[kind] = sink;
        return sink;
    }

    public void Finished(string kind, CycleStep step)
    {
        if (_tasks.TryGetValue((kind, step), out var task)) ProgressBars.Done(task);
    }
}
