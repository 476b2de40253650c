using OpenMrs.Training.Cli.Listening;

namespace OpenMrs.Training.Cli.Eval;

/// <summary>The parsed command line of <c>eval --store DIR --model-version KIND/VERSION</c>.</summary>
public sealed record StoredModelArguments
{
    public const string Options =
        "--store DIR --model-version KIND/VERSION " + ListeningFileArguments.Synopsis + " [--holdout 0.1] [--skip-bad-lines] [--json FILE] [--html FILE]";

    private static readonly IReadOnlySet<string> Flags = new HashSet<string> { ListeningFileArguments.SkipBadLines };

    public required ListeningFileArguments File { get; init; }
    public required string Store { get; init; }
    public required string Kind { get; init; }
    public required string Version { get; init; }
    public double Holdout { get; init; } = 0.1;
    public string? Json { get; init; }
    public string? Html { get; init; }

    /// <summary>True when the command line asks for a stored model (<c>--store</c> or <c>--model-version</c>).</summary>
    public static bool Requested(IReadOnlyList<string> args) => args.Contains("--store") || args.Contains("--model-version");

    public static StoredModelArguments Parse(IReadOnlyList<string> args)
    {
        var reader = new ArgumentReader(args, Flags);
        var named = reader.RequiredString("--model-version");
        var slash = named.IndexOf('/');
        if (slash <= 0 || slash == named.Length - 1 || named.IndexOf('/', slash + 1) >= 0)
            throw new CliUsageException($"--model-version takes KIND/VERSION (e.g. als/20261130T202725123Z-000001), got '{named}'");
        var parsed = new StoredModelArguments
        {
            File = ListeningFileArguments.Parse(reader),
            Store = reader.RequiredString("--store"),
            Kind = named[..slash],
            Version = named[(slash + 1)..],
            Holdout = reader.Double("--holdout", 0, 1) ?? 0.1,
            Json = reader.String("--json"),
            Html = reader.String("--html"),
        };
        try
        {
            reader.ThrowOnUnknown();
        }
        catch (CliUsageException e)
        {
            throw new CliUsageException($"{e.Message}: with --store, eval scores one stored version and takes {Options}");
        }
        return parsed;
    }
}
