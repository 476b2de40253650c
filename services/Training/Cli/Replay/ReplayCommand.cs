using OpenMrs.Training.Cli.Listening;
using Spectre.Console;

namespace OpenMrs.Training.Cli.Replay;

/// <summary>
/// <c>replay</c>: streams a listening file through ingestion's HTTP API as plays, in event-time order (ties by line,
/// then occurrence), batch after batch (<see cref="ListeningFile"/> makes the events and their deterministic ids;
/// <see cref="IngestionClient"/> posts them). Times are either kept or all shifted by one amount so that the last
/// replayed event happens now (the default: ingestion refuses times before <c>Ingestion:OldestOccurredAt</c> or more
/// than <c>Ingestion:MaxFutureSkew</c> ahead). Malformed lines are skipped and listed with their line numbers;
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
        var events = Events(file, arguments, out var shift, out var total);

        using var http = new HttpClient { BaseAddress = arguments.Url, Timeout = HttpTimeout };
        var tally = new ReplayTally();
        await ProgressBars.Create(console).StartAsync(async context =>
        {
            var name = Markup.Escape(Path.GetFileName(file.Path));
            var task = context.AddTask($"replay {name}", maxValue: Math.Max(1, total));
            var client = new IngestionClient(http, (delay, reason) => task.Description = $"replay (503, waiting {delay.TotalSeconds:0.#} s: {Markup.Escape(reason)})");
            foreach (var batch in events.Chunk(arguments.Batch))
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

    private static IEnumerable<ReplayItem> Events(ListeningFile file, ReplayArguments arguments, out TimeSpan shift, out long total)
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
        shift = arguments.KeepTimes ? TimeSpan.Zero : DateTimeOffset.UtcNow - new DateTimeOffset(records[^1].Ticks, TimeSpan.Zero);
        return Items(file, records, shift);
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
        var times = arguments.KeepTimes ? "times kept" : $"times shifted by {shift.TotalDays:N1} days so the last event is now";
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
