using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using OpenMrs.Contracts;
using OpenMrs.Contracts.Events;
using OpenMrs.Contracts.Wire;
using OpenMrs.EndToEnd.Tests.Hosting;
using OpenMrs.EndToEnd.Tests.Support;
using OpenMrs.Messaging.Configuration;
using OpenMrs.Testing;
using OpenMrs.Testing.Kafka;

namespace OpenMrs.EndToEnd.Tests.Cli;

/// <summary>
/// <c>replay</c> run as a user runs it (the built Training executable) against the all-in-one host: every event of a
/// listening file arrives once and in event-time order, a malformed line is reported by number while the rest goes
/// through, a second replay is all duplicates, events ingestion refuses are named by line, and an unreachable
/// ingestion is one line and exit code 1.
/// </summary>
public sealed partial class ReplayCommandTests : IAsyncLifetime, IDisposable
{
    private const string Training = "services/Training";
    private const int Users = 12;
    private const int TracksPerUser = 10;
    private readonly string _scratch = Directory.CreateTempSubdirectory("openmrs-replay-").FullName;
    private AllInOneHost _host = null!;

    public async Task InitializeAsync() => _host = await AllInOneHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public async Task Every_event_arrives_once_in_time_order_a_malformed_line_is_named_and_a_second_replay_is_all_duplicates()
    {
        var scope = $"rp{Guid.NewGuid():N}"[..10];
        // Line by line the file runs backwards in time, so arriving in time order (on the listens topic) proves the replay sorted it.
        var lines = new List<string> { "UserId\tSessionId\tItemId\tTime\tArtistId" };
        for (var k = TracksPerUser - 1; k >= 0; k--)
            for (var u = 0; u < Users; u++)
                lines.Add($"{scope}-u{u}\ts{u}\t{scope}-u{u}-t{k}\t{1_400_000_000 + k * 600 + u}\t{scope}-a{u % 3}");
        var malformedLine = lines.Count + 1;
        lines.Insert(malformedLine - 1, "not\ta\tvalid line");
        var file = Write($"{scope}.txt", lines);
        var client = new OpenMrsClient(_host.Client);
        var before = await StatusAsync(client);
        var events = Users * TracksPerUser;

        var run = await ReplayAsync("--data", file, "--format", "30music", "--url", _host.BaseAddress.ToString(), "--batch", "50");

        Assert.True(run.ExitCode == 0, run.ToString());
        var output = Flat(run.Output);
        Assert.Contains($"{events} events in 3 batches", output);
        Assert.Contains($"{events} accepted, 0 duplicates, 0 refused", output);
        Assert.Contains("1 malformed line skipped", output);
        Assert.Contains($"{file}:{malformedLine}: expected 4 fields", output);
        Assert.Contains("times shifted", output);
        // The file names each track's artist, so the replay posted the catalogue first: every track, with its artist.
        Assert.Contains($"{events} catalogue tracks (artists from the file) to {_host.BaseAddress}: {events} accepted", output);
        await Eventually.WaitForAsync(() => CatalogTracksAsync(client), n => n >= before.CatalogTracks + events);
        // Each track's release time is its first listen at the file's own time (not shifted like the events).
        var announced = (await KafkaTestConsumer.ConsumeAllAsync(_host.Services.GetRequiredService<KafkaEndpoint>().BootstrapServers, Topics.Tracks, TimeSpan.FromSeconds(2)))
            .Select(m => WireFormat.Deserialize<TrackUpsert>(m.Message.Value)).Where(t => t.TrackId.StartsWith(scope, StringComparison.Ordinal)).ToList();
        Assert.Equal(events, announced.Count);
        foreach (var track in announced)
        {
            var (k, u) = (int.Parse(track.TrackId[(track.TrackId.LastIndexOf('t') + 1)..]), int.Parse(track.TrackId.Split('-')[1][1..]));
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_400_000_000 + k * 600 + u), track.ReleasedAt);
        }

        for (var u = 0; u < Users; u++)
        {
            var user = $"{scope}-u{u}";
            var state = await Eventually.WaitForAsync(() => client.UserAsync(user), s => s.StateVersion >= TracksPerUser);
            Assert.Equal(TracksPerUser, state.StateVersion);
            Assert.Equal(Enumerable.Range(0, TracksPerUser).Reverse().Select(k => $"{user}-t{k}"), state.RecentHistory);
            Assert.All(state.TrackCounts.Values, c => Assert.Equal(1, c.Plays));
            Assert.True(state.LastEventAt > DateTimeOffset.UtcNow.AddMinutes(-10), $"the last event moved to now: {state.LastEventAt}");
        }
        // The two counters are updated by different consumers of the topic: wait for both.
        var after = await Eventually.WaitForAsync(() => StatusAsync(client),
            s => s.Interactions >= before.Interactions + events && s.Counted >= before.Counted + events);
        Assert.Equal(before.Counted + events, after.Counted);
        Assert.Equal(before.Interactions + events, after.Interactions);
        // Arrival order: a user's events share a partition of the listens topic, in the order ingestion received them.
        var endpoint = _host.Services.GetRequiredService<KafkaEndpoint>();
        // Read until all of them are in (each try reads the topic from the start for 2 s; a loaded machine needs more).
        var arrived = await Eventually.WaitForAsync(async () =>
            (await KafkaTestConsumer.ConsumeAllAsync(endpoint.BootstrapServers, Topics.Listens, TimeSpan.FromSeconds(2)))
                .Select(m => WireFormat.Deserialize<ListenEvent>(m.Message.Value))
                .Where(e => e.UserId.StartsWith(scope, StringComparison.Ordinal))
                .ToList(), found => found.Count >= events);
        Assert.Equal(events, arrived.Count);
        foreach (var user in arrived.GroupBy(e => e.UserId))
            Assert.Equal(Enumerable.Range(0, TracksPerUser).Select(k => $"{user.Key}-t{k}"), user.Select(e => e.TrackId));

        var again = await ReplayAsync("--data", file, "--format", "30music", "--url", _host.BaseAddress.ToString());

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains($"{events} events in 1 batch ", Flat(again.Output));
        Assert.Contains($"0 accepted, {events} duplicates, 0 refused", Flat(again.Output));
    }

    [Fact]
    public async Task With_kept_times_the_events_ingestion_refuses_are_named_by_line_and_the_rest_of_the_batch_goes_through()
    {
        var scope = $"rk{Guid.NewGuid():N}"[..10];
        const long Before2000 = 900_000_000; // 1998-07-09: ingestion refuses times before Ingestion:OldestOccurredAt
        var file = Write($"{scope}.txt", [
            "UserId\tSessionId\tItemId\tTime\tArtistId",
            $"{scope}-u\ts\t{scope}-t1\t{Before2000}\t1",
            $"{scope}-u\ts\t{scope}-t2\t1400000000\t1",
            $"{scope}-u\ts\t{scope}-t3\t{Before2000 + 60}\t1",
            $"{scope}-u\ts\t{scope}-t4\t1400000060\t1",
            $"{scope}-u\ts\t{scope}-t5\t1400000120\t1"]);

        var client = new OpenMrsClient(_host.Client);
        var before = await StatusAsync(client);

        var run = await ReplayAsync("--data", file, "--format", "30music", "--url", _host.BaseAddress.ToString(), "--keep-times");

        Assert.True(run.ExitCode == 0, run.ToString());
        var output = Flat(run.Output);
        Assert.Contains("5 events in 1 batch ", output);
        Assert.Contains("3 accepted, 0 duplicates, 2 refused", output);
        Assert.Matches($@"{Regex.Escape(file)}:2: event {scope}\.txt:2:0: events\[0\]\.occurredAt", output);
        Assert.Matches($@"{Regex.Escape(file)}:4: event {scope}\.txt:4:0: events\[1\]\.occurredAt", output);
        var state = await Eventually.WaitForAsync(() => client.UserAsync($"{scope}-u"), s => s.StateVersion >= 3);
        Assert.Equal([$"{scope}-t5", $"{scope}-t4", $"{scope}-t2"], state.RecentHistory);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1400000120), state.LastEventAt);
        var after = await Eventually.WaitForAsync(() => StatusAsync(client), s => s.Interactions >= before.Interactions + 3);
        Assert.Equal(before.Interactions + 3, after.Interactions);
    }

    [Fact]
    public async Task An_unreachable_ingestion_is_one_line_and_exit_code_1()
    {
        var file = Write("one.tsv", ["u1\tt1\t1"]);
        var port = LoopbackPorts.Reserve(1)[0];

        var run = await ReplayAsync("--data", file, "--url", $"http://127.0.0.1:{port}");

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"replay: cannot reach ingestion at http://127.0.0.1:{port}/", line);
    }

    private static Task<CommandResult> ReplayAsync(params string[] args) => CommandProcess.RunEntryAsync(Training, ["replay", .. args]);

    private string Write(string name, IEnumerable<string> lines)
    {
        var path = Path.Combine(_scratch, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    private static async Task<(long Counted, long Interactions, int CatalogTracks)> StatusAsync(OpenMrsClient client)
    {
        var status = JsonDocument.Parse(await client.Http.GetStringAsync("/v1/training/status")).RootElement;
        return (status.GetProperty("eventsCounted").GetInt64(), status.GetProperty("interactionEvents").GetInt64(), status.GetProperty("catalogTracks").GetInt32());
    }

    private static async Task<int> CatalogTracksAsync(OpenMrsClient client) => (await StatusAsync(client)).CatalogTracks;

    /// <summary>The console wraps long lines at its width; the assertions read the text as one line.</summary>
    private static string Flat(string output) => Whitespace().Replace(output, " ");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
