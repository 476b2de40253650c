using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Data.ImplicitRatings;
using OpenMrs.Recommender.Data.Readers;
using OpenMrs.Recommender.Evaluation.Sequences;
using OpenMrs.Recommender.Evaluation.Splits;

namespace OpenMrs.Training.Cli.Eval;

/// <summary>The train / test data an evaluation runs on, and how it was made.</summary>
public sealed record EvalDataset(TrainTestSplit Split, string SplitDescription, long Records, long SkippedLines, IReadOnlyList<string> Problems)
{
    /// <summary>Test cells dropped because their item has no training plays.</summary>
    public int DroppedColdCells { get; init; }

    /// <summary>With <c>--split sessions</c>: the held-out sessions (item sequences) for next-track evaluation.</summary>
    public IReadOnlyList<int[]>? TestSessions { get; init; }

    public int Users => Split.Train.UserCount;
    public int Items => Split.Train.ItemCount;

    /// <summary>Reads the file(s) named on the command line and splits them as asked.</summary>
    public static EvalDataset Load(EvalArguments args)
    {
        var dataset = LoadSplit(args);
        if (args.KeepColdItems || dataset.TestSessions is not null) return dataset;
        var (split, dropped) = dataset.Split.WithoutColdTestItems();
        return dataset with { Split = split, DroppedColdCells = dropped };
    }

    private static EvalDataset LoadSplit(EvalArguments args)
    {
        var options = args.SkipBadLines ? ReaderOptions.Lenient : ReaderOptions.Strict;
        var report = new ReadReport();
        var table = InteractionTable.Load(InteractionFileReader.Read(args.Format, args.Data, options, report, args.Aliases));
        if (table.Count == 0) throw new CliUsageException($"{args.Data}: no interactions found");

        TrainTestSplit split;
        string description;
        long records = report.Records;
        if (args.Test is { } testPath)
        {
            var testReport = new ReadReport();
            var test = InteractionTable.Load(InteractionFileReader.Read(args.Format, testPath, options, testReport, args.Aliases), table.Users, table.Items);
            if (test.Count == 0) throw new CliUsageException($"{testPath}: no interactions found");
            split = new TrainTestSplit(Rate(table, args.Ratings), Rate(test, args.Ratings));
            description = $"explicit test file {Path.GetFileName(testPath)}";
            records += testReport.Records;
            return new EvalDataset(split, description, records, report.SkippedLines + testReport.SkippedLines,
                [.. report.FirstProblems, .. testReport.FirstProblems]);
        }

        if (args.Split == SplitKind.Sessions)
            return Sessions(table, args, report);

        (split, description) = args.Split switch
        {
            SplitKind.Holdout => (new HoldoutSplit(args.TestFraction, MinItems: 2, args.Seed).Split(Rate(table, args.Ratings)),
                $"per-user random holdout of {args.TestFraction:0.##} (seed {args.Seed})"),
            SplitKind.Msd => (new MsdChallengeSplit(args.TestFraction, args.Seed).Split(Rate(table, args.Ratings)),
                $"MSD challenge: {args.TestFraction:0.##} of users with half their items hidden (seed {args.Seed})"),
            _ => (LeaveLast(table, args), $"leave last {args.LastK} item(s) per user by time"),
        };
        return new EvalDataset(split, description, records, report.SkippedLines, report.FirstProblems);
    }

    private static EvalDataset Sessions(InteractionTable table, EvalArguments args, ReadReport report)
    {
        if (table.Sessions.Count == 0 || !table.HasTimes)
            throw new CliUsageException($"--split sessions needs sessions with play times, which --format {args.FormatName} does not have (use 30music)");
        var sessions = SessionSplit.ByTime(table, args.TestFraction);
        var emptyTest = sessions.Train.WithValues(new CsrBuilder(sessions.Train.UserCount, sessions.Train.ItemCount).Build());
        return new EvalDataset(new TrainTestSplit(sessions.Train, emptyTest, []),
            $"next-track on the latest {args.TestFraction:0.##} of sessions by time ({sessions.TestSessions.Count:N0} sessions)",
            report.Records, report.SkippedLines, report.FirstProblems) { TestSessions = sessions.TestSessions };
    }

    private static TrainTestSplit LeaveLast(InteractionTable table, EvalArguments args)
    {
        if (!table.HasTimes) throw new CliUsageException($"--split last needs play times, which --format {args.FormatName} does not have (use lastfm1k or 30music)");
        return new LeaveLastSplit(args.LastK).Split(table);
    }

    private static InteractionMatrix Rate(InteractionTable table, RatingsKind ratings) => ratings switch
    {
        RatingsKind.LastFm when !table.HasTimes => throw new CliUsageException("--ratings lastfm needs play times (use lastfm1k or 30music)"),
        RatingsKind.LastFm => LastFmRatingRule.Apply(table),
        RatingsKind.TasteProfile => TasteProfileRatingRule.Apply(table),
        _ => table.ToMatrix(),
    };
}
