using System.Globalization;
using OpenMrs.ModelStore.Formats;
using OpenMrs.Training.Cli.Eval;
using OpenMrs.Training.Cli.Listening;
using OpenMrs.Training.Cycles;
using OpenMrs.Training.Interactions;

namespace OpenMrs.Training.Cli.Train;

/// <summary>
/// A listening file as one live training cycle would see it: its events folded into interactions
/// (<see cref="ListeningFile.Interactions"/>), split in event time by <see cref="CycleSteps.Split"/>, with
/// popularity's held-out metrics. The data of <c>train</c> and <c>eval --store</c>.
/// </summary>
public sealed record HoldoutDataset(ListeningFile File, string FormatName, IReadOnlyList<Interaction> Interactions, HoldoutSlice Slice, HoldoutMetrics Popularity)
{
    /// <param name="weights">The feedback weights of the split (the stored model's own for <c>eval --store</c>); null for the steps' options.</param>
    public static HoldoutDataset Load(ListeningFileArguments arguments, CycleSteps steps, FeedbackWeights? weights, CancellationToken cancellationToken)
    {
        var file = arguments.Read();
        var interactions = file.Interactions();
        var slice = steps.Split(interactions, weights);
        return new HoldoutDataset(file, arguments.FormatName, interactions, slice, steps.Popularity(slice, cancellationToken));
    }

    public DatasetSummary Summary(double fraction)
    {
        var train = Slice.Train.UserItems.NonZeros;
        return new DatasetSummary(File.Path, FormatName, null, Slice.All.UserCount, Slice.All.ItemCount, train, Slice.All.UserItems.NonZeros - train,
            Slice.Users.Count, File.Report.Records, File.Report.SkippedLines, 0,
            string.Create(CultureInfo.InvariantCulture, $"event-time holdout of the interactions first seen in the newest {fraction:0.##} ({(File.SyntheticTimes ? "synthetic order" : "event times from the file")})"));
    }

    /// <summary>What a reader of the numbers should know: a synthetic order, skipped lines.</summary>
    public IReadOnlyList<string> Notes()
    {
        var notes = new List<string>();
        if (File.SyntheticTimes) notes.Add($"{File.TimesDescription}.");
        if (File.Report.SkippedLines > 0)
            notes.Add($"{File.Report.SkippedLines:N0} malformed lines skipped, first: {File.Report.FirstProblems.FirstOrDefault()}");
        return notes;
    }
}
