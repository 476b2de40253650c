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
        var traceId = ActivityTraceId.CreateRandom();
        var clientSpanId = ActivitySpanId.CreateRandom();
        using var template = new HttpRequestMessage();
        template.Headers.Add("traceparent", $"00-{traceId}-{clientSpanId}-01");

        await _client.AcceptedAsync(await _client.PostListensAsync([data.Listen(data.User(0), data.Track(0))], template));

        var spans = await Eventually.WaitForAsync(
            () => Task.FromResult(fixture.Host.Spans.OfTrace(traceId)),
            trace => trace.Any(IsGrainCall));
        Assert.True(spans.Any(IsGrainCall), "no grain span in the trace; its spans: " + Describe(spans));

        var http = Assert.Single(spans, s => s.Kind == ActivityKind.Server && s.Source.Name == "Microsoft.AspNetCore");
        Assert.Equal(clientSpanId, http.ParentSpanId);
        var produce = Assert.Single(spans, s => s.Kind == ActivityKind.Producer);
        var consume = spans.First(s => s.Kind == ActivityKind.Consumer);
        var grain = spans.First(IsGrainCall);

        var byId = spans.ToDictionary(s => s.SpanId);
        Assert.Equal(http.SpanId, produce.ParentSpanId);
        Assert.Contains(produce, Ancestors(consume, byId));
        Assert.Contains(consume, Ancestors(grain, byId));
        Assert.Contains(http, Ancestors(grain, byId));
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
