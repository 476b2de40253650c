using System.Globalization;
using OpenMrs.Recommender.Data.Readers;

namespace OpenMrs.Training.Cli.Eval;

public enum SplitKind { Holdout, Last, Msd, Sessions }

public enum RatingsKind { Raw, LastFm, TasteProfile }

/// <summary>The parsed command line of <c>eval</c>.</summary>
public sealed record EvalArguments
{
    /// <summary>The option synopsis shown by <c>eval --help</c> and the Training usage.</summary>
    public const string Options =
        "--data FILE [--format msd|lastfm1k|hetrec|audioscrobbler|30music|tsv|sessions] [--test FILE] " +
        "[--models pop,als,...] [--k 10,50] [--split holdout|last|msd|sessions] [--test-fraction 0.2] [--last-k 1] " +
        "[--ratings raw|lastfm|taste] [--seed 42] [--set model.key=value]... [--threads N] [--max-users N] " +
        "[--aliases FILE] [--skip-bad-lines] [--keep-cold-items] [--play-count-gains] [--json FILE] [--html FILE] " +
        "[--sweep [--grid model.key=v1,v2,...]... [--sweep-metric ndcg@10] [--max-configs 64]]; " +
        "next-track: --split sessions (--data FILE | --train FILE[,FILE...]) [--test FILE | --test-days N] [--validation] " +
        "[--repeats] [--descriptors FILE]";

    private static readonly IReadOnlySet<string> Flags = new HashSet<string>
    {
        "--skip-bad-lines", "--keep-cold-items", "--play-count-gains", SweepArguments.Flag, "--repeats", "--validation",
    };

    /// <summary>The training file(s) as named on the command line (comma-joined when <c>--train</c> lists several).</summary>
    public required string Data { get; init; }

    /// <summary>Every training file: <c>--data FILE</c>, or the list of <c>--train FILE[,FILE...]</c> (read as one table).</summary>
    public IReadOnlyList<string> TrainFiles { get; init; } = [];
    public InteractionFormat Format { get; init; } = InteractionFormat.Tsv;
    public string FormatName { get; init; } = "tsv";
    public string? Test { get; init; }
    public string? Aliases { get; init; }
    public IReadOnlyList<string> Models { get; init; } = ["pop"];
    public IReadOnlyList<int> Ks { get; init; } = [10];
    public SplitKind Split { get; init; } = SplitKind.Holdout;
    public double TestFraction { get; init; } = 0.2;
    public int LastK { get; init; } = 1;
    public RatingsKind Ratings { get; init; } = RatingsKind.Raw;
    public int Seed { get; init; } = 42;
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ModelOptions { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>();
    public int? Threads { get; init; }
    public int? MaxUsers { get; init; }
    public bool SkipBadLines { get; init; }
    public bool PlayCountGains { get; init; }

    /// <summary>Keep test items that have no training plays (by default they are dropped: no model can rank them).</summary>
    public bool KeepColdItems { get; init; }
    public string? Json { get; init; }
    public string? Html { get; init; }

    /// <summary>Sessions split: hold out the sessions that end in the last N days (session-rec's protocol) instead of a fraction.</summary>
    public int? TestDays { get; init; }

    /// <summary>Sessions split: score on the last <see cref="TestDays"/> (1) of the training part instead of the test part.</summary>
    public bool Validation { get; init; }

    /// <summary>Sessions split: every next play is a target, repeats of the session's own tracks included.</summary>
    public bool Repeats { get; init; }

    /// <summary>Sessions split: track descriptors (item, key, mode, tempo) for the smoothness of continuations.</summary>
    public string? Descriptors { get; init; }

    /// <summary>With <c>--sweep</c>: the grids to search on a validation split carved from train; null runs a plain evaluation.</summary>
    public SweepArguments? Sweep { get; init; }

    public static EvalArguments Parse(IReadOnlyList<string> args)
    {
        var reader = new ArgumentReader(args, Flags);
        var split = ParseSplit(reader.String("--split"));
        var (format, formatName) = reader.Format(split == SplitKind.Sessions ? "sessions" : "tsv");
        var models = reader.List("--models", ["pop"]).Select(m => m.ToLowerInvariant()).Distinct().ToList();
        var trainFiles = TrainFilesOf(reader, split);
        var parsed = new EvalArguments
        {
            Data = string.Join(',', trainFiles),
            TrainFiles = trainFiles,
            TestDays = reader.Int("--test-days", 1),
            Validation = reader.Flag("--validation"),
            Repeats = reader.Flag("--repeats"),
            Descriptors = reader.String("--descriptors"),
            Format = format,
            FormatName = formatName,
            Test = reader.String("--test"),
            Aliases = reader.String("--aliases"),
            Models = models,
            Ks = ParseKs(reader.List("--k", ["10"])),
            Split = split,
            TestFraction = reader.Double("--test-fraction", 0, 1) ?? 0.2,
            LastK = reader.Int("--last-k", 1) ?? 1,
            Ratings = ParseRatings(reader.String("--ratings")),
            Seed = reader.Int("--seed", 0) ?? 42,
            ModelOptions = reader.ModelOptions(models),
            Threads = reader.Int("--threads", 1),
            MaxUsers = reader.Int("--max-users", 1),
            SkipBadLines = reader.Flag("--skip-bad-lines"),
            PlayCountGains = reader.Flag("--play-count-gains"),
            KeepColdItems = reader.Flag("--keep-cold-items"),
            Json = reader.String("--json"),
            Html = reader.String("--html"),
        };
        parsed = parsed with { Sweep = SweepArguments.Parse(reader, parsed) };
        reader.ThrowOnUnknown();
        if (parsed.Split is SplitKind.Last or SplitKind.Sessions && parsed.Ratings != RatingsKind.Raw)
            throw new CliUsageException("--ratings works with --split holdout or msd only");
        CheckSessionOptions(parsed, args);
        return parsed;
    }

    /// <summary><c>--data FILE</c>, or with <c>--split sessions</c> also <c>--train FILE[,FILE...]</c> (one of the two).</summary>
    private static IReadOnlyList<string> TrainFilesOf(ArgumentReader reader, SplitKind split)
    {
        var data = reader.String("--data");
        var train = reader.List("--train", []);
        if (train.Count > 0 && split != SplitKind.Sessions) throw new CliUsageException("--train works with --split sessions only; use --data");
        if (train.Count > 0 && data is not null) throw new CliUsageException("give --data or --train, not both");
        if (train.Count > 0) return train;
        return [data ?? throw new CliUsageException(split == SplitKind.Sessions ? "option --data or --train is required" : "option --data is required")];
    }

    private static void CheckSessionOptions(EvalArguments parsed, IReadOnlyList<string> args)
    {
        string[] sessionOnly = ["--test-days", "--validation", "--repeats", "--descriptors"];
        if (parsed.Split != SplitKind.Sessions && sessionOnly.FirstOrDefault(args.Contains) is { } option)
            throw new CliUsageException($"{option} works with --split sessions only");
        if (parsed.Split != SplitKind.Sessions) return;
        if (parsed.Test is not null && parsed.TestDays is not null && !parsed.Validation)
            throw new CliUsageException("give --test FILE or --test-days N, not both (with --validation, --test-days sizes the validation part)");
        if ((parsed.Test is not null || parsed.TestDays is not null) && args.Contains("--test-fraction"))
            throw new CliUsageException("--test-fraction works without --test and --test-days only");
        if (parsed.Validation && parsed.Test is null && parsed.TestDays is null)
            throw new CliUsageException("--validation needs --test FILE or --test-days N: it scores on the last days of the training part");
    }

    private static IReadOnlyList<int> ParseKs(IReadOnlyList<string> values) =>
        values.Select(v => int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var k) && k >= 1
                ? k
                : throw new CliUsageException($"--k takes positive integers, got '{v}'"))
            .Distinct().Order().ToList();

    private static SplitKind ParseSplit(string? value) => value?.ToLowerInvariant() switch
    {
        null or "holdout" => SplitKind.Holdout,
        "last" => SplitKind.Last,
        "msd" => SplitKind.Msd,
        "sessions" => SplitKind.Sessions,
        _ => throw new CliUsageException($"unknown --split '{value}'; known: holdout, last, msd, sessions"),
    };

    private static RatingsKind ParseRatings(string? value) => value?.ToLowerInvariant() switch
    {
        null or "raw" => RatingsKind.Raw,
        "lastfm" => RatingsKind.LastFm,
        "taste" => RatingsKind.TasteProfile,
        _ => throw new CliUsageException($"unknown --ratings '{value}'; known: raw, lastfm, taste"),
    };

    /// <summary><c>als.factors=64</c> → ("als", "factors", "64"), the model lower-cased and required to be in --models.</summary>
    internal static (string Model, string Key, string Value) ParseSetting(string option, string setting, IReadOnlyList<string> models)
    {
        var dot = setting.IndexOf('.');
        var equals = setting.IndexOf('=');
        if (dot <= 0 || equals < dot + 2 || equals == setting.Length - 1)
            throw new CliUsageException($"{option} takes model.option=value, got '{setting}'");
        var model = setting[..dot].ToLowerInvariant();
        if (!models.Contains(model))
            throw new CliUsageException($"{option} {setting} names model '{model}', which is not in --models");
        return (model, setting[(dot + 1)..equals], setting[(equals + 1)..]);
    }
}
