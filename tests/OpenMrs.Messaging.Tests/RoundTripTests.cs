using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenMrs.Contracts.Events;
using OpenMrs.Contracts.Wire;
using OpenMrs.Messaging.Tests.Support;
using OpenMrs.Testing.Kafka;

namespace OpenMrs.Messaging.Tests;

public sealed class RoundTripTests(KafkaClusterFixture kafka) : IClassFixture<KafkaClusterFixture>
{
    [Fact]
    public Task ListenEvents_arrive_intact() => RoundTrip(i => SampleEvents.Listen(i), e => e.UserId);

    [Fact]
    public Task TrackUpserts_arrive_intact() => RoundTrip<TrackUpsert>(SampleEvents.Track, e => e.TrackId);

    [Fact]
    public Task TrackFeatures_arrive_intact() => RoundTrip<TrackFeatures>(SampleEvents.Features, e => e.TrackId);

    [Fact]
    public Task ModelAnnouncements_arrive_intact() => RoundTrip<ModelPublished>(SampleEvents.Model, e => e.ModelKind);

    [Fact]
    public async Task Published_messages_carry_schema_and_content_type_headers()
    {
        var topic = kafka.CreateTopic("headers");
        using var host = await MessagingHost.Build(kafka.BootstrapServers).StartedAsync();
        await host.Services.GetRequiredService<IEventPublisher>().PublishAsync(topic, "user-1", SampleEvents.Listen(1));

        var message = Assert.Single(await kafka.ConsumeAsync(topic, 1, Timeouts.Delivery));
        Assert.Equal("user-1", System.Text.Encoding.UTF8.GetString(message.Message.Key!));
        Assert.Equal("listen.v1", System.Text.Encoding.UTF8.GetString(message.Message.Headers.GetLastBytes(WireFormat.SchemaHeader)));
        Assert.Equal(WireFormat.ContentType, System.Text.Encoding.UTF8.GetString(message.Message.Headers.GetLastBytes(WireFormat.ContentTypeHeader)));
        await host.StopAsync();
    }

    [Fact]
    public async Task A_batch_published_together_is_fully_in_the_log_when_the_call_returns()
    {
        var topic = kafka.CreateTopic("batch", partitions: 6);
        using var host = MessagingHost.Build(kafka.BootstrapServers);
        var events = Enumerable.Range(0, 1_000).Select(i => SampleEvents.Listen(i)).ToList();

        await host.Services.GetRequiredService<IEventPublisher>().PublishAllAsync(topic, events, e => e.UserId);

        var log = await kafka.ConsumeAsync(topic, events.Count, Timeouts.Delivery);
        var logged = log.Select(m => (Key: System.Text.Encoding.UTF8.GetString(m.Message.Key!), WireFormat.Deserialize<ListenEvent>(m.Message.Value).EventId));
        Assert.Equal(events.Select(e => (e.UserId, e.EventId)).Order(), logged.Order());
    }

    private async Task RoundTrip<T>(Func<int, T> make, Func<T, string> keyOf)
    {
        const int count = 50;
        var topic = kafka.CreateTopic(typeof(T).Name.ToLowerInvariant());
        var handler = new CollectingHandler<T>();
        using var host = await MessagingHost.Build(kafka.BootstrapServers,
            services => services.AddCollectingConsumer(topic, KafkaClusterFixture.UniqueGroup(), handler)).StartedAsync();
        var publisher = host.Services.GetRequiredService<IEventPublisher>();
        var sent = Enumerable.Range(0, count).Select(make).ToList();

        await Task.WhenAll(sent.Select(e => publisher.PublishAsync(topic, keyOf(e), e)));
        await handler.WaitForAsync(count, Timeouts.Delivery);
        await host.StopAsync();

        // Records holding collections compare by reference, so compare their canonical encodings.
        var expected = sent.Select(e => Convert.ToBase64String(WireFormat.Serialize(e))).Order().ToList();
        var received = handler.Handled.Select(m => Convert.ToBase64String(WireFormat.Serialize(m.Value))).Order().ToList();
        Assert.Equal(expected, received);
        Assert.All(handler.Handled, m =>
        {
            Assert.Equal(topic, m.Topic);
            Assert.Equal(keyOf(m.Value), m.Key);
        });
    }
}
