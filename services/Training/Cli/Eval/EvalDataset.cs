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

    /// <summary>With <c>--split sessions</c>: the training plays as session rows with play positions, for session models.</summary>
    public InteractionMatrix? TrainSessions { get; init; }

    /// <summary>With <c>--descriptors</c>: key, mode and tempo per item for the smoothness of continuations.</summary>
    public TrackDescriptors? Descriptors { get; init; }

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
        if (args.Split == SplitKind.Sessions) return Sessions(args, options);
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

    /// <summary>
    /// Next-track data: the training file(s) read as one table, split by <c>--test FILE</c>, <c>--test-days</c> (with
    /// <c>--validation</c>, on the training part) or <c>--test-fraction</c>; held-out plays of tracks unseen in training
    /// are then dropped (and counted), and sessions left with fewer than two plays with them.
    /// </summary>
    private static EvalDataset Sessions(EvalArguments args, ReaderOptions options)
    {
        var report = new ReadReport();
        var table = InteractionTable.Load(args.TrainFiles.SelectMany(file => InteractionFileReader.Read(args.Format, file, options, report)));
        if (table.Count == 0) throw new CliUsageException($"{args.Data}: no interactions found");
        if (table.Sessions.Count == 0 || !table.HasTimes)
            throw new CliUsageException($"--split sessions needs sessions with play times, which --format {args.FormatName} does not have (use sessions or 30music)");

        var testReport = new ReadReport();
        SessionSplit split;
        string description;
        if (args.Test is { } testPath && !args.Validation)
        {
            var test = InteractionTable.Load(InteractionFileReader.Read(args.Format, testPath, options, testReport), table.Users, table.Items);
            if (test.Count == 0) throw new CliUsageException($"{testPath}: no interactions found");
            if (test.Sessions.Count == 0 || !test.HasTimes) throw new CliUsageException($"{testPath}: no sessions with play times");
            split = SessionSplit.Explicit(table, test);
            description = $"next-track on the sessions of {Path.GetFileName(testPath)}";
        }
        else if (args.TestDays is not null || args.Validation)
        {
            var days = args.TestDays ?? 1;
            split = SessionSplit.LastDays(table, days, args.Validation);
            description = args.Validation
                ? $"next-track validation: sessions ending in the last {days} day(s) of the training part (the test part is dropped)"
                : $"next-track on the sessions ending in the last {days} day(s)";
        }
        else
        {
            split = SessionSplit.ByTime(table, args.TestFraction);
            description = $"next-track on the latest {args.TestFraction:0.##} of sessions by time";
        }

        var sessionCount = split.TestSessions.Count;
        split = split.WithoutUnseenItems();
        description += $" ({sessionCount:N0} sessions; {split.DroppedUnseenPlays:N0} plays of tracks unseen in training dropped, " +
            $"{split.DroppedShortSessions:N0} sessions left shorter than 2 dropped; {split.TestSessions.Count:N0} scored" +
            $"{(args.Repeats ? ", repeats counted" : ", repeats skipped")})";
        var emptyTest = split.Train.WithValues(new CsrBuilder(split.Train.UserCount, split.Train.ItemCount).Build());
        return new EvalDataset(new TrainTestSplit(split.Train, emptyTest, []), description,
            report.Records + testReport.Records, report.SkippedLines + testReport.SkippedLines, [.. report.FirstProblems, .. testReport.FirstProblems])
        {
            TestSessions = split.TestSessions,
            TrainSessions = split.TrainSessions,
            Descriptors = args.Descriptors is { } path ? ReadDescriptors(path, table.Items) : null,
        };
    }

    private static TrackDescriptors ReadDescriptors(string path, IdMap items)
    {
        var descriptors = TrackDescriptors.Read(path, items);
        if (descriptors.Known == 0) throw new CliUsageException($"{path}: no descriptor row names a track of the data");
        return descriptors;
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
