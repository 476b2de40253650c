using OpenMrs.Recommender.Models;

namespace OpenMrs.Training.Cycles;

/// <summary>The steps of one kind in <see cref="CycleSteps.RunKindAsync"/>, in order; a refused candidate stops after <see cref="Evaluate"/>.</summary>
public enum CycleStep { Fit, Evaluate, Refit, Write }

/// <summary>Follows a cycle's steps, e.g. to draw progress bars. Called from worker threads, one step at a time per kind.</summary>
public interface ICycleObserver
{
    /// <summary>A step starts; for <see cref="CycleStep.Fit"/> and <see cref="CycleStep.Refit"/> the returned sink gets the model's iterations and loss.</summary>
    IProgress<TrainingProgress>? Started(string kind, CycleStep step);

    void Finished(string kind, CycleStep step);
}
