using OpenMrs.Contracts.Events;
using OpenMrs.Training.Cli.Listening;
using Spectre.Console;

namespace OpenMrs.Training.Cli.Replay;

/// <summary>
/// <c>replay</c>: streams a listening file through ingestion's HTTP API as plays, in event-time order (ties by line,
/// then occurrence), batch after batch (<see cref="ListeningFile"/> makes the events and their deterministic ids;
/// <see cref="IngestionClient"/> posts them). Times are either kept or all shifted by one amount so that the file's
/// last event happens now, with or without <c>--limit</c> (the default: ingestion refuses times before
/// <c>Ingestion:OldestOccurredAt</c> or more than <c>Ingestion:MaxFutureSkew</c> ahead). Malformed lines are skipped and listed with their line numbers;
/// events ingestion refuses are listed the same way; everything else goes through. Ends with the counts of
/// accepted, duplicate and refused events. Exit code 0 when the file went through, 1 when ingestion could not be reached.
/// </summary>
public static class ReplayCommand
{
    /// <summary>Per-request limit; ingestion answers a full batch in milliseconds unless the broker is down.</summary>
    public static readonly TimeSpan HttpTimeout = TimeSpan.FromSeconds(30);
    private const int ListedProblems = 20;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, IAnsiConsole console, CancellationToken cancellationToken = default)
    {
        var arguments = ReplayArguments.Parse(args);
        var file = arguments.File.Read();
        var records = Selected(file, arguments, out var total);
        // The whole file moves by one amount, also with --limit, so a later replay of more of it lines up with this one.
        var shift = arguments.KeepTimes ? TimeSpan.Zero : DateTimeOffset.UtcNow - file.Last!.Value;

        using var http = new HttpClient { BaseAddress = arguments.Url, Timeout = HttpTimeout };
        var tally = new ReplayTally();
        await ProgressBars.Create(console).StartAsync(async context =>
        {
            var name = Markup.Escape(Path.GetFileName(file.Path));
            var task = context.AddTask($"replay {name}", maxValue: Math.Max(1, total));
            var client = new IngestionClient(http, (delay, reason) => task.Description = $"replay (503, waiting {delay.TotalSeconds:0.#} s: {Markup.Escape(reason)})");
            if (!arguments.NoCatalog)
                foreach (var batch in Catalog(file, records).Chunk(arguments.Batch))
                    tally.AddCatalog(batch.Length, await client.SendTracksAsync(batch, cancellationToken));
            foreach (var batch in Items(file, records, shift).Chunk(arguments.Batch))
            {
                var outcome = await client.SendAsync(batch, cancellationToken);
                tally.Add(outcome);
                task.Description = $"replay {name}";
                task.Increment(batch.Length);
            }
            tally.Waits = client.Waits;
        });

        Summarise(console, file, arguments, tally, shift);
        return 0;
    }

    /// <summary>The records replayed, in order: the earliest <c>--limit</c> plays (the last record cut short), or all.</summary>
    private static List<FileRecord> Selected(ListeningFile file, ReplayArguments arguments, out long total)
    {
        var records = new List<FileRecord>();
        total = 0;
        foreach (var record in file.Records)
        {
            if (total >= arguments.Limit) break;
            var plays = arguments.Limit is { } limit ? (int)Math.Min(record.Plays, limit - total) : record.Plays;
            records.Add(record with { Plays = plays });
            total += plays;
        }
        return records;
    }

    /// <summary>
    /// The replayed tracks' catalogue entries where the file names artists (30Music): the track id as its title, the
    /// file's artist, so the models trained from the replay know each track's artist (the artist cap, the skip penalty),
    /// and the track's first replayed listen, at the file's own time, as its release time: the file names none, and a
    /// track is out by its first play. Not shifted like the events (their shift only meets ingestion's window for event
    /// times), so the freshness boost does not take a years-old catalogue announced by the replay for new.
    /// </summary>
    private static IEnumerable<TrackUpsert> Catalog(ListeningFile file, IReadOnlyList<FileRecord> records)
    {
        var firstListen = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            var track = file.Tracks.Ids[record.Track];
            if (file.Artists.ContainsKey(track) && (!firstListen.TryGetValue(track, out var known) || record.Ticks < known)) firstListen[track] = record.Ticks;
        }
        return firstListen.OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => new TrackUpsert(t.Key, t.Key, file.Artists[t.Key], ReleasedAt: new DateTimeOffset(t.Value, TimeSpan.Zero)));
    }

    private static IEnumerable<ReplayItem> Items(ListeningFile file, IReadOnlyList<FileRecord> records, TimeSpan shift)
    {
        foreach (var record in records)
            foreach (var listen in file.Listens([record], shift))
                yield return new ReplayItem(listen, record.Line);
    }

    private static void Summarise(IAnsiConsole console, ListeningFile file, ReplayArguments arguments, ReplayTally tally, TimeSpan shift)
    {
        var report = file.Report;
        if (report.SkippedLines > 0)
        {
            console.MarkupLineInterpolated($"[yellow]{Count(report.SkippedLines, "malformed line")} skipped[/]{(report.SkippedLines > report.FirstProblems.Count ? $", the first {report.FirstProblems.Count}" : "")}:");
            foreach (var problem in report.FirstProblems) console.MarkupLineInterpolated($"  {problem}");
        }
        if (tally.Refused.Count > 0)
        {
            console.MarkupLineInterpolated($"[yellow]{Count(tally.Refused.Count, "event")} refused by ingestion[/]{(tally.Refused.Count > ListedProblems ? $", the first {ListedProblems}" : "")}:");
            foreach (var refused in tally.Refused.Take(ListedProblems))
                console.MarkupLineInterpolated($"  {file.Path}:{refused.Item.Line}: event {refused.Item.Event.EventId}: {refused.Reason}");
        }
        if (tally.CatalogSent > 0)
            console.MarkupLineInterpolated(
                $"{Count(tally.CatalogSent, "catalogue track")} (artists from the file) to {arguments.Url}: [green]{tally.CatalogAccepted:N0} accepted[/]{(tally.CatalogRefusal is { } why ? $", the rest refused: {why}" : "")}");
        var times = arguments.KeepTimes ? "times kept" : $"times shifted by {shift.TotalDays:N1} days so the file's last event is now";
        var refusedColour = tally.Refused.Count > 0 ? "yellow" : "green";
        console.MarkupLine(
            $"[bold]{Count(tally.Sent, "event")}[/] in {Count(tally.Batches, "batch")} to {Markup.Escape(arguments.Url.ToString())} " +
            $"({Markup.Escape(times)}; {Markup.Escape(file.TimesDescription)}): [green]{tally.Accepted:N0} accepted[/], " +
            $"{tally.Duplicates:N0} duplicates, [{refusedColour}]{tally.Refused.Count:N0} refused[/]" +
            (tally.Waits > 0 ? $"; waited out {Count(tally.Waits, "busy answer")} (503)" : ""));
    }

    private static string Count(long n, string noun) => $"{n:N0} {noun}{(n == 1 ? "" : noun.EndsWith("ch", StringComparison.Ordinal) ? "es" : "s")}";

    /// <summary>The counts of a replay so far.</summary>
    private sealed class ReplayTally
    {
        private readonly List<RefusedEvent> _refused = [];

        public long Sent { get; private set; }
        public long Batches { get; private set; }
        public long Accepted { get; private set; }
        public long Duplicates { get; private set; }
        public int Waits { get; set; }
        public IReadOnlyList<RefusedEvent> Refused => _refused;

        public long CatalogSent { get; private set; }
        public long CatalogAccepted { get; private set; }
        public string? CatalogRefusal { get; private set; }

        public void AddCatalog(int sent, (int Accepted, string? Refusal) outcome)
        {
            CatalogSent += sent;
            CatalogAccepted += outcome.Accepted;
            CatalogRefusal ??= outcome.Refusal;
        }

        public void Add(BatchOutcome outcome)
        {
            Batches++;
            Sent += outcome.Accepted + outcome.Duplicates + outcome.Refused.Count;
            Accepted += outcome.Accepted;
            Duplicates += outcome.Duplicates;
            _refused.AddRange(outcome.Refused);
        }
    }
}
