using OpenMrs.Testing;
using System.Diagnostics;
using OpenMrs.EndToEnd.Tests.Hosting;
using OpenMrs.EndToEnd.Tests.Support;

namespace OpenMrs.EndToEnd.Tests.Tracing;

[Collection(SharedHostCollection.Name)]
public sealed class SingleTraceTests(SharedHostFixture fixture)
{
    private readonly OpenMrsClient _client = new(fixture.Host.Client);

    [Fact]
    public async Task One_trace_runs_from_the_ingest_request_through_Kafka_to_the_grain()
    {
        var data = TestData.Unique("trace");
        using var response = await _client.PostListensAsync([data.Listen(data.User(0), data.Track(0))]);
        await _client.AcceptedAsync(response);

        // The trace context the client sent (the HTTP client's own span, in this process).
        var traceparent = response.RequestMessage!.Headers.GetValues("traceparent").Single().Split('-');
        var traceId = ActivityTraceId.CreateFromString(traceparent[1]);
        var clientSpanId = ActivitySpanId.CreateFromString(traceparent[2]);

        var spans = await Eventually.WaitForAsync(
            () => Task.FromResult(fixture.Host.Spans.OfTrace(traceId)),
            trace => trace.Any(IsGrainCall));
        Assert.True(spans.Any(IsGrainCall), "no grain span in the trace; its spans: " + Describe(spans));

        var http = Assert.Single(spans, s => s.Kind == ActivityKind.Server && s.Source.Name == "Microsoft.AspNetCore");
        Assert.Equal(clientSpanId, http.ParentSpanId);
        var produce = Assert.Single(spans, s => s.Kind == ActivityKind.Producer);
        var grain = spans.First(IsGrainCall);

        // grain call ← consume (Serving's; Training consumes the same message in its own span) ← produce ← HTTP.
        var byId = spans.ToDictionary(s => s.SpanId);
        Assert.Equal(http.SpanId, produce.ParentSpanId);
        var grainAncestors = Ancestors(grain, byId).ToList();
        var consume = Assert.Single(grainAncestors, s => s.Kind == ActivityKind.Consumer);
        Assert.Contains(produce, Ancestors(consume, byId));
        Assert.Contains(http, grainAncestors);
    }

    private static string Describe(IReadOnlyList<Activity> all) =>
        $"{all.Count} in all; " + string.Join("; ", all.Select(s => $"{s.Source.Name} {s.Kind} '{s.DisplayName}' {s.TraceId}/{s.SpanId}<-{s.ParentSpanId}"));

    private static bool IsGrainCall(Activity span) =>
        span.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && span.DisplayName.Contains("IUserGrain", StringComparison.Ordinal);

    private static IEnumerable<Activity> Ancestors(Activity span, IReadOnlyDictionary<ActivitySpanId, Activity> byId)
    {
        var current = span;
        while (byId.TryGetValue(current.ParentSpanId, out var parent))
        {
            yield return parent;
            current = parent;
        }
    }
}
