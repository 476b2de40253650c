using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenMrs.Contracts;
using OpenMrs.Contracts.Events;
using OpenMrs.Messaging.Configuration;
using OpenMrs.Messaging.Tests.Support;
using OpenMrs.Testing.Kafka;

namespace OpenMrs.Messaging.Tests;

public sealed class ConsumerConfigurationTests(KafkaClusterFixture kafka) : IClassFixture<KafkaClusterFixture>
{
    [Fact]
    public async Task The_groups_configuration_section_overrides_the_options_given_in_code()
    {
        var topic = kafka.CreateTopic("consumer-config", partitions: 1);
        var group = KafkaClusterFixture.UniqueGroup();
        var attempts = 0;
        var handler = new CollectingHandler<ListenEvent>((m, _) =>
        {
            if (m.Value.EventId != "ev-1") return Task.CompletedTask;
            Interlocked.Increment(ref attempts);
            throw new InvalidOperationException("store unavailable");
        });
        var inCode = new EventConsumerOptions { MaxAttempts = 4, InitialRetryDelay = TimeSpan.FromMilliseconds(10) };
        using var host = await MessagingHost.Build(kafka.BootstrapServers,
            s => s.AddCollectingConsumer(topic, group, handler, inCode),
            new Dictionary<string, string?> { [$"{EventConsumerOptions.SectionOf(group)}:MaxAttempts"] = "2" }).StartedAsync();
        var publisher = host.Services.GetRequiredService<IEventPublisher>();
        await publisher.PublishAsync(topic, "u1", SampleEvents.Listen(1, "u1"));
        await publisher.PublishAsync(topic, "u1", SampleEvents.Listen(2, "u1"));

        await handler.WaitForAsync(1, Timeouts.Delivery);
        var letter = Assert.Single(await KafkaTestConsumer.ConsumeAsync(kafka.BootstrapServers, Topics.DeadLetterOf(topic), 1, Timeouts.Delivery));
        await host.StopAsync();

        Assert.Equal(2, attempts);
        Assert.Contains("2 times", Encoding.UTF8.GetString(letter.Message.Headers.GetLastBytes(DeadLetterHeaders.Reason)));
        Assert.Equal(4, inCode.MaxAttempts);
    }

    [Fact]
    public async Task An_invalid_override_stops_the_host_at_start_with_a_clear_error()
    {
        var topic = kafka.CreateTopic("consumer-config-bad", partitions: 1);
        var group = KafkaClusterFixture.UniqueGroup();
        using var host = MessagingHost.Build(kafka.BootstrapServers,
            s => s.AddCollectingConsumer(topic, group, new CollectingHandler<ListenEvent>()),
            new Dictionary<string, string?> { [$"{EventConsumerOptions.SectionOf(group)}:MaxDegreeOfParallelism"] = "0" });

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => host.StartAsync());
        Assert.Equal(nameof(EventConsumerOptions.MaxDegreeOfParallelism), error.ParamName);
    }
}
