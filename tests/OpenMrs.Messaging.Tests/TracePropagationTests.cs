using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenMrs.Contracts.Events;
using OpenMrs.Messaging.Telemetry;
using OpenMrs.Messaging.Tests.Support;
using OpenMrs.Testing.Kafka;

namespace OpenMrs.Messaging.Tests;

public sealed class TracePropagationTests(KafkaClusterFixture kafka) : IClassFixture<KafkaClusterFixture>
{
    [Fact]
    public async Task One_trace_runs_from_the_caller_through_the_producer_span_to_the_handler()
    {
        var topic = kafka.CreateTopic("trace");
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is MessagingTelemetry.Name or "test.caller",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { if (activity.TagObjects.Any(t => t.Value as string == topic) || activity.OperationName == "ingest") stopped.Enqueue(activity); },
        };
        ActivitySource.AddActivityListener(listener);

        ActivityContext? handlerSaw = null;
        var handler = new CollectingHandler<ListenEvent>((_, _) =>
        {
            handlerSaw = Activity.Current?.Context;
            return Task.CompletedTask;
        });
        using var host = await MessagingHost.Build(kafka.BootstrapServers,
            services => services.AddCollectingConsumer(topic, KafkaClusterFixture.UniqueGroup(), handler)).StartedAsync();

        using var caller = new ActivitySource("test.caller");
        ActivityTraceId traceId;
        using (var ingest = caller.StartActivity("ingest", ActivityKind.Server)!)
        {
            traceId = ingest.TraceId;
            await host.Services.GetRequiredService<IEventPublisher>().PublishAsync(topic, "user-7", SampleEvents.Listen(7, "user-7"));
        }
        await handler.WaitForAsync(1, Timeouts.Delivery);
        await host.StopAsync();

        var send = Assert.Single(stopped, a => a.Kind == ActivityKind.Producer);
        var process = Assert.Single(stopped, a => a.Kind == ActivityKind.Consumer);
        var ingestSpan = Assert.Single(stopped, a => a.OperationName == "ingest");

        Assert.Equal(traceId, send.TraceId);
        Assert.Equal(ingestSpan.SpanId, send.ParentSpanId);
        Assert.Equal(traceId, process.TraceId);
        Assert.Equal(send.SpanId, process.ParentSpanId);
        Assert.Equal(process.SpanId, handlerSaw?.SpanId);

        Assert.Equal($"send {topic}", send.DisplayName);
        Assert.Equal($"process {topic}", process.DisplayName);
        foreach (var span in new[] { send, process })
        {
            Assert.Equal("kafka", span.GetTagItem(MessagingAttributes.System));
            Assert.Equal(topic, span.GetTagItem(MessagingAttributes.DestinationName));
            Assert.Equal("user-7", span.GetTagItem(MessagingAttributes.KafkaMessageKey));
        }
        Assert.Equal("send", send.GetTagItem(MessagingAttributes.OperationType));
        Assert.Equal("process", process.GetTagItem(MessagingAttributes.OperationType));
        Assert.Equal(send.GetTagItem(MessagingAttributes.DestinationPartitionId), process.GetTagItem(MessagingAttributes.DestinationPartitionId));
        Assert.Equal(send.GetTagItem(MessagingAttributes.KafkaOffset), process.GetTagItem(MessagingAttributes.KafkaOffset));
    }
}
