using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using OpenMrs.Contracts.Events;
using OpenMrs.Contracts.Wire;

namespace OpenMrs.Training.Cli.Replay;

/// <summary>One event of a batch and the file line it came from.</summary>
public readonly record struct ReplayItem(ListenEvent Event, long Line);

/// <summary>An event ingestion refused, with its line and the problem details' messages for it.</summary>
public sealed record RefusedEvent(ReplayItem Item, string Reason);

/// <summary>What became of one batch: counted by ingestion as accepted or duplicate, or refused.</summary>
public sealed record BatchOutcome(int Accepted, int Duplicates, IReadOnlyList<RefusedEvent> Refused);

/// <summary>A replay that cannot go on (ingestion unreachable, or answering what a client cannot fix); exit code 1.</summary>
public sealed class ReplayException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Posts listen batches to ingestion's <c>POST /v1/listens</c> (and catalogue batches to <c>POST /v1/tracks</c>,
/// <see cref="SendTracksAsync"/>; services/Ingestion/README.md) as a well-behaved
/// platform does:
/// <list type="bullet">
/// <item>202 <c>{accepted, duplicates}</c>: done;</item>
/// <item>503: nothing of the batch was accepted; wait <c>Retry-After</c> (1 s when absent) and resend it as it is,
/// for at most <see cref="MaxWait"/> in a row;</item>
/// <item>400: nothing of the batch was accepted; the problem details name each bad item (<c>events[i].field</c>), so
/// those are refused and the rest is resent (a 400 that names no item refuses the whole batch);</item>
/// <item>anything else, no answer within the HTTP timeout, or no connection: <see cref="ReplayException"/>.</item>
/// </list>
/// </summary>
public sealed partial class IngestionClient(HttpClient http, Action<TimeSpan, string>? onWait = null)
{
    public static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    /// <summary>Number of 503 answers waited out so far.</summary>
    public int Waits { get; private set; }

    public async Task<BatchOutcome> SendAsync(IReadOnlyList<ReplayItem> batch, CancellationToken cancellationToken)
    {
        var pending = batch.ToList();
        var refused = new List<RefusedEvent>();
        var waited = TimeSpan.Zero;
        while (pending.Count > 0)
        {
            using var response = await PostAsync(pending, cancellationToken);
            switch (response.StatusCode)
            {
                case HttpStatusCode.Accepted:
                    var answer = await response.Content.ReadFromJsonAsync<IngestAnswer>(WireFormat.Options, cancellationToken)
                        ?? throw new ReplayException("ingestion answered 202 without a body");
                    return new BatchOutcome(answer.Accepted, answer.Duplicates, refused);
                case HttpStatusCode.ServiceUnavailable:
                    waited = await WaitOutAsync(response, waited, cancellationToken);
                    break;
                case HttpStatusCode.BadRequest:
                    var named = await RefusedItemsAsync(response, pending, cancellationToken);
                    refused.AddRange(named);
                    var gone = named.Select(r => r.Item.Event.EventId).ToHashSet(StringComparer.Ordinal);
                    pending.RemoveAll(item => gone.Contains(item.Event.EventId));
                    break;
                default:
                    throw new ReplayException($"POST {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await TitleAsync(response, cancellationToken)}");
            }
        }
        return new BatchOutcome(0, 0, refused);
    }

    /// <summary>
    /// Posts catalogue upserts to <c>POST /v1/tracks</c>, waiting out 503 answers as <see cref="SendAsync"/> does.
    /// Returns the number accepted, and ingestion's reason when it refused the batch (400): the catalogue only adds
    /// artists, so a refused batch is reported and the replay goes on.
    /// </summary>
    public async Task<(int Accepted, string? Refusal)> SendTracksAsync(IReadOnlyList<TrackUpsert> tracks, CancellationToken cancellationToken)
    {
        var waited = TimeSpan.Zero;
        while (true)
        {
            using var response = await PostAsync("/v1/tracks", new { tracks }, cancellationToken);
            switch (response.StatusCode)
            {
                case HttpStatusCode.Accepted:
                    return (tracks.Count, null);
                case HttpStatusCode.ServiceUnavailable:
                    waited = await WaitOutAsync(response, waited, cancellationToken);
                    break;
                case HttpStatusCode.BadRequest:
                    return (0, await TitleAsync(response, cancellationToken));
                default:
                    throw new ReplayException($"POST {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await TitleAsync(response, cancellationToken)}");
            }
        }
    }

    /// <summary>Waits a 503's <c>Retry-After</c>; <see cref="ReplayException"/> once the waits in a row would pass <see cref="MaxWait"/>.</summary>
    private async Task<TimeSpan> WaitOutAsync(HttpResponseMessage response, TimeSpan waited, CancellationToken cancellationToken)
    {
        var delay = RetryAfter(response);
        var title = await TitleAsync(response, cancellationToken);
        if (waited + delay > MaxWait)
            throw new ReplayException($"ingestion kept answering 503 for {waited.TotalSeconds:0} s: {title}");
        Waits++;
        onWait?.Invoke(delay, title);
        await Task.Delay(delay, cancellationToken);
        return waited + delay;
    }

    private Task<HttpResponseMessage> PostAsync(IReadOnlyList<ReplayItem> items, CancellationToken cancellationToken) =>
        PostAsync("/v1/listens", new { events = items.Select(i => i.Event).ToArray() }, cancellationToken);

    private async Task<HttpResponseMessage> PostAsync(string path, object payload, CancellationToken cancellationToken)
    {
        using var body = JsonContent.Create(payload, options: WireFormat.Options);
        try
        {
            return await http.PostAsync(path, body, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new ReplayException($"cannot reach ingestion at {http.BaseAddress}: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ReplayException($"no answer from ingestion at {http.BaseAddress} within {http.Timeout.TotalSeconds:0} s", e);
        }
    }

    private static TimeSpan RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => DefaultRetryAfter,
    };

    /// <summary>The items the problem details name by index, each with its messages; every pending item when none is named.</summary>
    private static async Task<List<RefusedEvent>> RefusedItemsAsync(HttpResponseMessage response, IReadOnlyList<ReplayItem> pending, CancellationToken cancellationToken)
    {
        var messages = new SortedDictionary<int, List<string>>();
        var summary = "ingestion refused the batch";
        try
        {
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var root = problem.RootElement;
            if (root.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String) summary = title.GetString()!;
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
                foreach (var error in errors.EnumerateObject())
                {
                    var text = error.Value.ValueKind == JsonValueKind.Array
                        ? string.Join("; ", error.Value.EnumerateArray().Select(m => m.ToString()))
                        : error.Value.ToString();
                    if (ItemKey().Match(error.Name) is { Success: true } match && int.TryParse(match.Groups[1].Value, out var index) && index < pending.Count)
                    {
                        if (!messages.TryGetValue(index, out var list)) messages[index] = list = [];
                        list.Add($"{error.Name}: {text}");
                    }
                    else summary = $"{summary} {error.Name}: {text}";
                }
        }
        catch (JsonException)
        {
            // Not problem details: the whole batch is refused with the status alone.
        }
        return messages.Count == 0
            ? [.. pending.Select(item => new RefusedEvent(item, summary))]
            : [.. messages.Select(m => new RefusedEvent(pending[m.Key], string.Join("; ", m.Value)))];
    }

    private static async Task<string> TitleAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var problem = JsonDocument.Parse(text);
            if (problem.RootElement.ValueKind == JsonValueKind.Object && problem.RootElement.TryGetProperty("title", out var title))
                return title.ToString();
        }
        catch (JsonException)
        {
            // A plain-text or empty body.
        }
        var line = text.ReplaceLineEndings(" ");
        return line.Length == 0 ? response.ReasonPhrase ?? "" : line[..Math.Min(line.Length, 200)];
    }

    [GeneratedRegex(@"^events\[(\d+)\]")]
    private static partial Regex ItemKey();

    private sealed record IngestAnswer(int Accepted, int Duplicates);
}
