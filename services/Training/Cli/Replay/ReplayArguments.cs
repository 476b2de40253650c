using OpenMrs.Training.Cli.Listening;

namespace OpenMrs.Training.Cli.Replay;

/// <summary>The parsed command line of <c>replay</c>.</summary>
public sealed record ReplayArguments
{
    public const string Options =
        ListeningFileArguments.Synopsis + " [--url http://127.0.0.1:5080] [--batch 1000] [--keep-times | --shift-to-now] [--limit N] [--no-catalog]";

    /// <summary>Ingestion's own limit per request (<c>Ingestion:MaxBatchSize</c>).</summary>
    public const int MaxBatch = 1_000;

    private static readonly IReadOnlySet<string> Flags = new HashSet<string> { "--keep-times", "--shift-to-now", "--no-catalog" };

    public required ListeningFileArguments File { get; init; }
    public required Uri Url { get; init; }
    public int Batch { get; init; } = MaxBatch;

    /// <summary>Send the file's own times; by default every time is shifted by one amount so the file's last event is now.</summary>
    public bool KeepTimes { get; init; }

    /// <summary>Do not post the file's catalogue (the replayed tracks and their artists, where the format has them) before the events.</summary>
    public bool NoCatalog { get; init; }

    /// <summary>Send at most this many events, the earliest.</summary>
    public long? Limit { get; init; }

    public static ReplayArguments Parse(IReadOnlyList<string> args)
    {
        var reader = new ArgumentReader(args, Flags);
        var url = reader.String("--url") ?? "http://127.0.0.1:5080";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new CliUsageException($"--url must be an absolute http:// or https:// address, got '{url}'");
        var keep = reader.Flag("--keep-times");
        if (keep && reader.Flag("--shift-to-now")) throw new CliUsageException("--keep-times and --shift-to-now exclude each other");
        var batch = reader.Int("--batch", 1) ?? MaxBatch;
        if (batch > MaxBatch) throw new CliUsageException($"--batch must be at most {MaxBatch} (ingestion's limit per request), got {batch}");
        var parsed = new ReplayArguments
        {
            File = ListeningFileArguments.Parse(reader, lenient: true),
            Url = uri,
            Batch = batch,
            KeepTimes = keep,
            Limit = reader.Int("--limit", 1),
            NoCatalog = reader.Flag("--no-catalog"),
        };
        reader.ThrowOnUnknown();
        return parsed;
    }
}
