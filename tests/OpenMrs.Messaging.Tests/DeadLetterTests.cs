using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenMrs.Contracts;
using OpenMrs.Contracts.Events;
using OpenMrs.Contracts.Wire;
using OpenMrs.Messaging.Configuration;
using OpenMrs.Messaging.Tests.Support;
using OpenMrs.Testing.Kafka;

namespace OpenMrs.Messaging.Tests;

public sealed class DeadLetterTests(KafkaClusterFixture kafka) : IClassFixture<KafkaClusterFixture>
{
    private static readonly EventConsumerOptions QuickRetries = new() { MaxAttempts = 3, InitialRetryDelay = TimeSpan.FromMilliseconds(10) };

    [Fact]
    public async Task A_permanent_failure_is_dead_lettered_once_with_its_reason_and_the_rest_is_processed()
    {
        var topic = kafka.CreateTopic("permanent", partitions: 1);
        var attemptsOnPoison = 0;
        var handler = new CollectingHandler<ListenEvent>((m, _) =>
        {
            if (m.Value.EventId != "ev-5") return Task.CompletedTask;
            Interlocked.Increment(ref attemptsOnPoison);
            throw new PermanentEventFailure("unknown track track-5");
        });
        using var host = await MessagingHost.Build(kafka.BootstrapServers,
            services => services.AddCollectingConsumer(topic, KafkaClusterFixture.UniqueGroup(), handler, QuickRetries)).StartedAsync();
        var publisher = host.Services.GetRequiredService<IEventPublisher>();
        for (var i = 0; i < 10; i++) await publisher.PublishAsync(topic, "same-user", SampleEvents.Listen(i, "same-user"));

        await handler.WaitForAsync(9, Timeouts.Delivery);
        var dead = await KafkaTestConsumer.ConsumeAsync(kafka.BootstrapServers, Topics.DeadLetterOf(topic), 1, Timeouts.Delivery);
        await host.StopAsync();

        var letter = Assert.Single(dead);
        Assert.Equal(1, attemptsOnPoison);
        Assert.Equal("ev-5", WireFormat.Deserialize<ListenEvent>(letter.Message.Value).EventId);
        Assert.Equal("same-user", Encoding.UTF8.GetString(letter.Message.Key!));
        Assert.Contains("unknown track track-5", Header(letter, DeadLetterHeaders.Reason));
        Assert.Equal(topic, Header(letter, DeadLetterHeaders.SourceTopic));
        Assert.Equal("5", Header(letter, DeadLetterHeaders.SourceOffset));
        Assert.Equal("listen.v1", Header(letter, WireFormat.SchemaHeader));
        Assert.Equal(Enumerable.Range(0, 10).Where(i => i != 5).Select(i => $"ev-{i}"), handler.Handled.Select(m => m.Value.EventId));
    }

    [Fact]
    public async Task Malformed_bytes_are_dead_lettered_and_do_not_stop_the_consumer()
    {
        var topic = kafka.CreateTopic("malformed", partitions: 1);
        var handler = new CollectingHandler<ListenEvent>();
        await kafka.ProduceRawAsync(topic, "u1", Encoding.UTF8.GetBytes("{not json"));
        await kafka.ProduceRawAsync(topic, "u2", Encoding.UTF8.GetBytes("""{"eventId":"x"}"""));
        await kafka.ProduceRawAsync(topic, "u3", null);
        await kafka.ProduceRawAsync(topic, "u4", WireFormat.Serialize(SampleEvents.Track(1)),
            new Headers { { WireFormat.SchemaHeader, Encoding.UTF8.GetBytes("track.v1") } });
        using var host = await MessagingHost.Build(kafka.BootstrapServers,
            services => services.AddCollectingConsumer(topic, KafkaClusterFixture.UniqueGroup(), handler, QuickRetries)).StartedAsync();
        await host.Services.GetRequiredService<IEventPublisher>().PublishAsync(topic, "u5", SampleEvents.Listen(5, "u5"));

        await handler.WaitForAsync(1, Timeouts.Delivery);
        var dead = await KafkaTestConsumer.ConsumeAsync(kafka.BootstrapServers, Topics.DeadLetterOf(topic), 4, Timeouts.Delivery);
        await host.StopAsync();

        Assert.Equal("ev-5", Assert.Single(handler.Handled).Value.EventId);
        // Different keys are processed in parallel, so their dead letters may come in any order.
        var reasonByKey = dead.ToDictionary(d => Encoding.UTF8.GetString(d.Message.Key!), d => Header(d, DeadLetterHeaders.Reason));
        Assert.Equal(["u1", "u2", "u3", "u4"], reasonByKey.Keys.Order());
        Assert.All(reasonByKey.Values, reason => Assert.StartsWith("undecodable:", reason));
        Assert.Contains("track.v1", reasonByKey["u4"]);
        Assert.Contains("no value", reasonByKey["u3"]);
    }

    [Fact]
    public async Task A_transient_failure_is_retried_and_then_succeeds()
    {
        var topic = kafka.CreateTopic("transient", partitions: 1);
        var failuresLeft = 2;
        var handler = new CollectingHandler<ListenEvent>((_, _) =>
            Interlocked.Decrement(ref failuresLeft) >= 0 ? throw new TimeoutException("grain busy") : Task.CompletedTask);
        using var host = await MessagingHost.Build(kafka.BootstrapServers,
            services => services.AddCollectingConsumer(topic, KafkaClusterFixture.UniqueGroup(), handler, QuickRetries)).StartedAsync();
        await host.Services.GetRequiredService<IEventPublisher>().PublishAsync(topic, "u1", SampleEvents.Listen(1, "u1"));

        await handler.WaitForAsync(1, Timeouts.Delivery);
        var dead = await KafkaTestConsumer.ConsumeAllAsync(kafka.BootstrapServers, Topics.DeadLetterOf(topic), TimeSpan.FromSeconds(2));
        await host.StopAsync();

        Assert.Equal("ev-1", Assert.Single(handler.Handled).Value.EventId);
        Assert.Empty(dead);
    }

    [Fact]
    public async Task A_message_that_keeps_failing_is_dead_lettered_after_the_last_attempt()
    {
        var topic = kafka.CreateTopic("exhausted", partitions: 1);
        var attempts = 0;
        var handler = new CollectingHandler<ListenEvent>((m, _) =>
        {
            if (m.Value.EventId != "ev-1") return Task.CompletedTask;
            Interlocked.Increment(ref attempts);
            throw new InvalidOperationException("store unavailable");
        });
        using var host = await MessagingHost.Build(kafka.BootstrapServers,
            services => services.AddCollectingConsumer(topic, KafkaClusterFixture.UniqueGroup(), handler, QuickRetries)).StartedAsync();
        var publisher = host.Services.GetRequiredService<IEventPublisher>();
        await publisher.PublishAsync(topic, "u1", SampleEvents.Listen(1, "u1"));
        await publisher.PublishAsync(topic, "u2", SampleEvents.Listen(2, "u2"));

        await handler.WaitForAsync(1, Timeouts.Delivery);
        var letter = Assert.Single(await KafkaTestConsumer.ConsumeAsync(kafka.BootstrapServers, Topics.DeadLetterOf(topic), 1, Timeouts.Delivery));
        await host.StopAsync();

        Assert.Equal(QuickRetries.MaxAttempts, attempts);
        Assert.Equal("ev-2", Assert.Single(handler.Handled).Value.EventId);
        var reason = Header(letter, DeadLetterHeaders.Reason);
        Assert.Contains("store unavailable", reason);
        Assert.Contains("3 times", reason);
    }

    private static string Header(ConsumeResult<byte[]?, byte[]?> message, string name) =>
        Encoding.UTF8.GetString(message.Message.Headers.GetLastBytes(name));
}
