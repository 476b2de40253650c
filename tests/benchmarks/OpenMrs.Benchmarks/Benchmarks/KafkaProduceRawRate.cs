using System.Diagnostics;
using Confluent.Kafka;

namespace OpenMrs.Benchmarks;

/// <summary>
/// Raw Kafka rates with the production producer settings (acks=all, idempotent, linger 5 ms), for any benchmark that
/// wants the broker's own ceiling next to its figures.
/// </summary>
public static class KafkaRawRate
{
    /// <summary>Produces <paramref name="count"/> messages of <paramref name="payloadBytes"/> bytes; returns messages per second acknowledged.</summary>
    public static Task<double> MeasureProduceAsync(string bootstrapServers, string topic, int count, int payloadBytes = 64) =>
        MeasureProduceAsync(bootstrapServers, topic, count, i => new byte[payloadBytes]);

    /// <summary>Produces the payloads <paramref name="payloadOf"/> makes (keyed by index); returns messages per second acknowledged.</summary>
    public static Task<double> MeasureProduceAsync(string bootstrapServers, string topic, int count, Func<int, byte[]> payloadOf) =>
        Task.Run(() =>
        {
            var config = new ProducerConfig
            {
                BootstrapServers = bootstrapServers,
                Acks = Acks.All,
                EnableIdempotence = true,
                LingerMs = 5,
                DeliveryReportFields = "status",
            };
            using var producer = new ProducerBuilder<byte[]?, byte[]?>(config).Build();
            var payloads = Enumerable.Range(0, Math.Min(count, 1024)).Select(payloadOf).ToArray();
            var keys = Enumerable.Range(0, 1024).Select(i => System.Text.Encoding.UTF8.GetBytes($"user-{i}")).ToArray();
            long failed = 0;
            Action<DeliveryReport<byte[]?, byte[]?>> onDelivery = report =>
            {
                if (report.Error.IsError) Interlocked.Increment(ref failed);
            };
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                var message = new Message<byte[]?, byte[]?> { Key = keys[i % keys.Length], Value = payloads[i % payloads.Length] };
                while (true)
                {
                    try
                    {
                        producer.Produce(topic, message, onDelivery);
                        break;
                    }
                    catch (ProduceException<byte[]?, byte[]?> ex) when (ex.Error.Code == Confluent.Kafka.ErrorCode.Local_QueueFull)
                    {
                        producer.Poll(TimeSpan.FromMilliseconds(10));
                    }
                }
            }
            producer.Flush(TimeSpan.FromMinutes(2));
            var seconds = clock.Elapsed.TotalSeconds;
            if (failed > 0) throw new InvalidOperationException($"{failed} of {count} writes were not acknowledged");
            return count / seconds;
        });

    /// <summary>Reads <paramref name="count"/> messages from every partition of <paramref name="topic"/> (no group); returns messages per second.</summary>
    public static Task<double> MeasureConsumeAsync(string bootstrapServers, string topic, int count) =>
        Task.Run(() =>
        {
            var config = new ConsumerConfig
            {
                BootstrapServers = bootstrapServers,
                GroupId = "raw-rate-" + Guid.NewGuid().ToString("N"),
                EnableAutoCommit = false,
                AutoOffsetReset = AutoOffsetReset.Earliest,
            };
            using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
            var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Select(p => p.PartitionId);
            using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config).Build();
            consumer.Assign(partitions.Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
            var clock = Stopwatch.StartNew();
            var read = 0;
            while (read < count)
            {
                if (consumer.Consume(TimeSpan.FromSeconds(10)) is null)
                {
                    throw new TimeoutException($"only {read} of {count} messages on '{topic}'");
                }
                read++;
            }
            return count / clock.Elapsed.TotalSeconds;
        });
}
