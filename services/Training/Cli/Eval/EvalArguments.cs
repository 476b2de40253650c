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
        "--data FILE [--format msd|lastfm1k|hetrec|audioscrobbler|30music|tsv] [--test FILE] " +
        "[--models pop,als,...] [--k 10,50] [--split holdout|last|msd|sessions] [--test-fraction 0.2] [--last-k 1] " +
        "[--ratings raw|lastfm|taste] [--seed 42] [--set model.key=value]... [--threads N] [--max-users N] " +
        "[--aliases FILE] [--skip-bad-lines] [--keep-cold-items] [--play-count-gains] [--json FILE] [--html FILE] " +
        "[--sweep [--grid model.key=v1,v2,...]... [--sweep-metric ndcg@10] [--max-configs 64]]";

    private static readonly IReadOnlySet<string> Flags = new HashSet<string> { "--skip-bad-lines", "--keep-cold-items", "--play-count-gains", SweepArguments.Flag };

    public required string Data { get; init; }
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

    /// <summary>With <c>--sweep</c>: the grids to search on a validation split carved from train; null runs a plain evaluation.</summary>
    public SweepArguments? Sweep { get; init; }

    public static EvalArguments Parse(IReadOnlyList<string> args)
    {
        var reader = new ArgumentReader(args, Flags);
        var (format, formatName) = reader.Format();
        var models = reader.List("--models", ["pop"]).Select(m => m.ToLowerInvariant()).Distinct().ToList();
        var parsed = new EvalArguments
        {
            Data = reader.RequiredString("--data"),
            Format = format,
            FormatName = formatName,
            Test = reader.String("--test"),
            Aliases = reader.String("--aliases"),
            Models = models,
            Ks = ParseKs(reader.List("--k", ["10"])),
            Split = ParseSplit(reader.String("--split")),
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
        if (parsed.Split == SplitKind.Sessions && parsed.Test is not null)
            throw new CliUsageException("--split sessions makes its own test sessions; it cannot take --test");
        return parsed;
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
