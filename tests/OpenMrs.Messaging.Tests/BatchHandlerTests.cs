using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenMrs.Contracts;
using OpenMrs.Contracts.Events;
using OpenMrs.Contracts.Wire;
using OpenMrs.Messaging.Configuration;
using OpenMrs.Messaging.Telemetry;
using OpenMrs.Messaging.Tests.Support;
using OpenMrs.Testing.Kafka;

namespace OpenMrs.Messaging.Tests;

public sealed class BatchHandlerTests(KafkaClusterFixture kafka) : IClassFixture<KafkaClusterFixture>
{
    private static readonly EventConsumerOptions QuickRetries = new() { MaxAttempts = 3, InitialRetryDelay = TimeSpan.FromMilliseconds(10) };

    [Fact]
    public async Task Each_call_gets_one_keys_messages_in_order_and_every_message_is_handled_once()
    {
        const int users = 7;
        const int perUser = 60;
        var topic = kafka.CreateTopic("batch-order", partitions: 3);
        var handler = new CollectingBatchHandler<ListenEvent>();
        using var host = MessagingHost.Build(kafka.BootstrapServers,
            s => s.AddCollectingBatchConsumer(topic, KafkaClusterFixture.UniqueGroup(), handler));
        // Written before the consumer starts, so that its first rounds find many messages per key.
        var publisher = host.Services.GetRequiredService<IEventPublisher>();
        await Task.WhenAll(Enumerable.Range(0, users * perUser)
            .Select(i => publisher.PublishAsync(topic, $"user-{i % users}", SampleEvents.Listen(i, $"user-{i % users}"))));
        await host.StartAsync();

        await handler.WaitForAsync(users * perUser, Timeouts.Delivery);
        await host.StopAsync();

        Assert.Equal(users * perUser, handler.Handled.Count);
        Assert.All(handler.Calls, call =>
        {
            Assert.Single(call.Select(m => (m.Key, m.Partition)).Distinct());
            Assert.Equal(call.Select(m => m.Offset).Order(), call.Select(m => m.Offset));
        });
        Assert.Contains(handler.Calls, call => call.Count > 1);
        foreach (var user in handler.Handled.GroupBy(m => m.Key))
        {
            var u = int.Parse(user.Key["user-".Length..]);
            Assert.Equal(Enumerable.Range(0, perUser).Select(k => $"ev-{k * users + u}"), user.Select(m => m.Value.EventId));
        }
    }

    [Fact]
    public async Task A_failure_naming_its_message_dead_letters_only_that_one_and_the_rest_is_handled_in_order()
    {
        var topic = kafka.CreateTopic("batch-permanent", partitions: 1);
        var attemptsOnPoison = 0;
        var handler = new CollectingBatchHandler<ListenEvent>(m =>
        {
            if (m.Value.EventId != "ev-5") return Task.CompletedTask;
            Interlocked.Increment(ref attemptsOnPoison);
            throw new PermanentEventFailure("unknown track track-5");
        });
        using var host = MessagingHost.Build(kafka.BootstrapServers,
            s => s.AddCollectingBatchConsumer(topic, KafkaClusterFixture.UniqueGroup(), handler, QuickRetries));
        var publisher = host.Services.GetRequiredService<IEventPublisher>();
        for (var i = 0; i < 10; i++) await publisher.PublishAsync(topic, "same-user", SampleEvents.Listen(i, "same-user"));
        await host.StartAsync();

        await handler.WaitForAsync(9, Timeouts.Delivery);
        var letter = Assert.Single(await KafkaTestConsumer.ConsumeAsync(kafka.BootstrapServers, Topics.DeadLetterOf(topic), 1, Timeouts.Delivery));
        await host.StopAsync();

        Assert.Equal(1, attemptsOnPoison);
        Assert.Equal("ev-5", WireFormat.Deserialize<ListenEvent>(letter.Message.Value).EventId);
        Assert.Contains("unknown track track-5", Header(letter, DeadLetterHeaders.Reason));
        Assert.Equal("5", Header(letter, DeadLetterHeaders.SourceOffset));
        Assert.Equal(Enumerable.Range(0, 10).Where(i => i != 5).Select(i => $"ev-{i}"), handler.Handled.Select(m => m.Value.EventId));
    }

    [Fact]
    public async Task A_batch_that_keeps_failing_is_split_so_that_only_the_culprit_is_dead_lettered_after_its_retries()
    {
        var topic = kafka.CreateTopic("batch-transient", partitions: 1);
        var handler = new CollectingBatchHandler<ListenEvent>(m =>
            m.Value.EventId == "ev-3" ? throw new InvalidOperationException("store unavailable") : Task.CompletedTask);
        using var host = MessagingHost.Build(kafka.BootstrapServers,
            s => s.AddCollectingBatchConsumer(topic, KafkaClusterFixture.UniqueGroup(), handler, QuickRetries));
        var publisher = host.Services.GetRequiredService<IEventPublisher>();
        for (var i = 0; i < 8; i++) await publisher.PublishAsync(topic, "same-user", SampleEvents.Listen(i, "same-user"));
        await host.StartAsync();

        await handler.WaitForAsync(7, Timeouts.Delivery);
        var letter = Assert.Single(await KafkaTestConsumer.ConsumeAsync(kafka.BootstrapServers, Topics.DeadLetterOf(topic), 1, Timeouts.Delivery));
        await host.StopAsync();

        Assert.Equal("ev-3", WireFormat.Deserialize<ListenEvent>(letter.Message.Value).EventId);
        Assert.Contains("3 times", Header(letter, DeadLetterHeaders.Reason));
        Assert.Contains("store unavailable", Header(letter, DeadLetterHeaders.Reason));
        Assert.Equal(QuickRetries.MaxAttempts, handler.Calls.Count(call => call.Count == 1 && call[0].Value.EventId == "ev-3"));
        Assert.Equal(Enumerable.Range(0, 8).Where(i => i != 3).Select(i => $"ev-{i}"), handler.Handled.Select(m => m.Value.EventId));
    }

    [Fact]
    public async Task An_undecodable_message_is_dead_lettered_and_its_neighbours_are_handled()
    {
        var topic = kafka.CreateTopic("batch-malformed", partitions: 1);
        var handler = new CollectingBatchHandler<ListenEvent>();
        using var host = MessagingHost.Build(kafka.BootstrapServers,
            s => s.AddCollectingBatchConsumer(topic, KafkaClusterFixture.UniqueGroup(), handler, QuickRetries));
        var publisher = host.Services.GetRequiredService<IEventPublisher>();
        await publisher.PublishAsync(topic, "u1", SampleEvents.Listen(0, "u1"));
        await kafka.ProduceRawAsync(topic, "u1", Encoding.UTF8.GetBytes("{not json"));
        await publisher.PublishAsync(topic, "u1", SampleEvents.Listen(2, "u1"));
        await host.StartAsync();

        await handler.WaitForAsync(2, Timeouts.Delivery);
        var letter = Assert.Single(await KafkaTestConsumer.ConsumeAsync(kafka.BootstrapServers, Topics.DeadLetterOf(topic), 1, Timeouts.Delivery));
        await host.StopAsync();

        Assert.StartsWith("undecodable:", Header(letter, DeadLetterHeaders.Reason));
        Assert.Equal("1", Header(letter, DeadLetterHeaders.SourceOffset));
        Assert.Equal(["ev-0", "ev-2"], handler.Handled.Select(m => m.Value.EventId));
    }

    [Fact]
    public async Task The_group_span_continues_the_first_messages_trace_and_links_the_others()
    {
        var topic = kafka.CreateTopic("batch-trace", partitions: 1);
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is MessagingTelemetry.Name or "test.caller",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { if (activity.TagObjects.Any(t => t.Value as string == topic)) stopped.Enqueue(activity); },
        };
        ActivitySource.AddActivityListener(listener);
        ActivityContext? handlerSaw = null;
        var handler = new CollectingBatchHandler<ListenEvent>(m =>
        {
            handlerSaw ??= Activity.Current?.Context;
            return Task.CompletedTask;
        });
        using var host = MessagingHost.Build(kafka.BootstrapServers,
            s => s.AddCollectingBatchConsumer(topic, KafkaClusterFixture.UniqueGroup(), handler));
        var publisher = host.Services.GetRequiredService<IEventPublisher>();
        using var caller = new ActivitySource("test.caller");
        for (var i = 0; i < 3; i++)
        {
            using var request = caller.StartActivity("ingest", ActivityKind.Server)!;
            await publisher.PublishAsync(topic, "user-1", SampleEvents.Listen(i, "user-1"));
        }
        await host.StartAsync();
        await handler.WaitForAsync(3, Timeouts.Delivery);
        await host.StopAsync();

        var sends = stopped.Where(a => a.Kind == ActivityKind.Producer).OrderBy(a => (long)a.GetTagItem(MessagingAttributes.KafkaOffset)!).ToList();
        Assert.Equal(3, sends.Count);
        Assert.Equal(3, sends.Select(s => s.TraceId).Distinct().Count());
        // Usually one span for all three; the consumer may also have fetched them in more than one round.
        var processes = stopped.Where(a => a.Kind == ActivityKind.Consumer).OrderBy(a => (long)a.GetTagItem(MessagingAttributes.KafkaOffset)!).ToList();
        Assert.NotEmpty(processes);
        var covered = new List<ActivitySpanId>();
        foreach (var process in processes)
        {
            var first = sends[(int)(long)process.GetTagItem(MessagingAttributes.KafkaOffset)!];
            var count = process.GetTagItem(MessagingAttributes.BatchMessageCount) as int? ?? 1;
            Assert.Equal(first.TraceId, process.TraceId);
            Assert.Equal(first.SpanId, process.ParentSpanId);
            Assert.Equal(sends.Skip(sends.IndexOf(first) + 1).Take(count - 1).Select(s => s.SpanId), process.Links.Select(l => l.Context.SpanId));
            Assert.Equal("user-1", process.GetTagItem(MessagingAttributes.KafkaMessageKey));
            covered.Add(first.SpanId);
            covered.AddRange(process.Links.Select(l => l.Context.SpanId));
        }
        Assert.Equal(sends.Select(s => s.SpanId), covered);
        Assert.Equal(processes[0].SpanId, handlerSaw?.SpanId);
    }

    private static string Header(ConsumeResult<byte[]?, byte[]?> message, string name) =>
        Encoding.UTF8.GetString(message.Message.Headers.GetLastBytes(name));
}
