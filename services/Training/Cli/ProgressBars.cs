using OpenMrs.Training.Cli.Eval;
using Spectre.Console;

namespace OpenMrs.Training.Cli;

/// <summary>The progress display the offline commands share: one bar per step, kept on screen when done.</summary>
public static class ProgressBars
{
    public static Progress Create(IAnsiConsole console) => console.Progress()
        .AutoClear(false)
        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn());

    /// <summary>A bar without a known length until the step reports one.</summary>
    public static ProgressTask Step(ProgressContext context, string description) => context.AddTask(description).IsIndeterminate();

    /// <summary>A sink for a model's fit: it records the loss per iteration and moves <paramref name="task"/> to iteration / iterations.</summary>
    public static LossRecorder Fit(ProgressTask task) => new(p =>
    {
        if (p.Iterations <= 0) return;
        task.IsIndeterminate(false);
        task.MaxValue = p.Iterations;
        task.Value = Math.Min(p.Iteration, p.Iterations);
    });

    public static void Done(ProgressTask task) => task.IsIndeterminate(false).Value(task.MaxValue);
}
