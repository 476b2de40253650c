using System.Runtime.InteropServices;
using System.Text;
using Confluent.Kafka;
using OpenMrs.Contracts;

namespace OpenMrs.Messaging.Embedded;

/// <summary>
/// An in-process Kafka endpoint: librdkafka's mock cluster, which speaks the real Kafka wire protocol on loopback.
/// Any Kafka client (this process, another process, kcat) can connect to <see cref="BootstrapServers"/>.
/// It lives as long as this object (and this process): data is in memory only. Topics are created with
/// <see cref="CreateTopic"/> or by auto-create on first use; the Admin API is not supported.
/// </summary>
public sealed class EmbeddedKafkaCluster : IDisposable
{
    /// <summary>Partitions of each standard topic when none are given: listens carries the volume.</summary>
    public static IReadOnlyDictionary<string, int> DefaultPartitions { get; } = new Dictionary<string, int>
    {
        [Topics.Listens] = 12,
        [Topics.Tracks] = 6,
        [Topics.TrackFeatures] = 6,
        [Topics.Models] = 1,
    };

    /// <summary>
    /// What each partition's log keeps: librdkafka's mock broker drops the oldest message sets beyond 5 MiB (or 100,000
    /// sets), whether or not anyone consumed them. Publishers hold back before consumers fall that far behind
    /// (<see cref="Backpressure.BacklogAdmission"/>).
    /// </summary>
    public const long RetainedBytesPerPartition = 5L * 1024 * 1024;

    private readonly object _gate = new();
    private IntPtr _owner;
    private IntPtr _cluster;

    private EmbeddedKafkaCluster(IntPtr owner, IntPtr cluster, int brokerCount, string bootstrapServers)
    {
        _owner = owner;
        _cluster = cluster;
        BrokerCount = brokerCount;
        BootstrapServers = bootstrapServers;
    }

    /// <summary>Comma-separated <c>127.0.0.1:port</c> list of the brokers.</summary>
    public string BootstrapServers { get; }

    /// <summary>Number of brokers; their ids are 1..BrokerCount.</summary>
    public int BrokerCount { get; }

    /// <summary>Starts <paramref name="brokerCount"/> brokers on random loopback ports.</summary>
    /// <param name="rebalanceDelayMs">The brokers' group.initial.rebalance.delay.ms: 0 makes consumer groups join at once.</param>
    public static EmbeddedKafkaCluster Start(int brokerCount = 3, int rebalanceDelayMs = 0)
    {
        if (brokerCount < 1) throw new ArgumentOutOfRangeException(nameof(brokerCount), brokerCount, "at least one broker");
        IntPtr owner;
        try
        {
            MockClusterNative.EnsureBound();
            owner = CreateOwnerHandle();
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or TypeInitializationException)
        {
            throw new EmbeddedKafkaException(
                "the embedded Kafka endpoint needs the librdkafka that Confluent.Kafka loads, with its mock cluster API: " + ex.Message, ex);
        }
        var cluster = MockClusterNative.rd_kafka_mock_cluster_new(owner, brokerCount);
        if (cluster == IntPtr.Zero)
        {
            MockClusterNative.rd_kafka_destroy(owner);
            throw new EmbeddedKafkaException($"librdkafka could not start a mock cluster of {brokerCount} brokers");
        }
        MockClusterNative.rd_kafka_mock_group_initial_rebalance_delay_ms(cluster, rebalanceDelayMs);
        var bootstrap = Marshal.PtrToStringUTF8(MockClusterNative.rd_kafka_mock_cluster_bootstraps(cluster))
            ?? throw new EmbeddedKafkaException("the mock cluster reported no bootstrap servers");
        return new EmbeddedKafkaCluster(owner, cluster, brokerCount, bootstrap);
    }

    /// <summary>Creates a topic; creating an existing topic is an error reported by the broker.</summary>
    public void CreateTopic(string topic, int partitions, int replicationFactor = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        if (partitions < 1) throw new ArgumentOutOfRangeException(nameof(partitions), partitions, "at least one partition");
        var replicas = replicationFactor <= 0 ? BrokerCount : Math.Min(replicationFactor, BrokerCount);
        Check(MockClusterNative.rd_kafka_mock_topic_create(Cluster, topic, partitions, replicas), $"create topic '{topic}'");
    }

    /// <summary>Creates every topic of <see cref="Topics.All"/> and its dead-letter topic.</summary>
    /// <param name="partitions">Partitions per topic; topics not named get <see cref="DefaultPartitions"/>.</param>
    public void CreateStandardTopics(IReadOnlyDictionary<string, int>? partitions = null)
    {
        foreach (var topic in Topics.All)
        {
            var count = partitions?.GetValueOrDefault(topic) is > 0 and var given ? given : DefaultPartitions.GetValueOrDefault(topic, 3);
            CreateTopic(topic, count);
            CreateTopic(Topics.DeadLetterOf(topic), 1);
        }
    }

    /// <summary>Takes a broker off the network: its connections drop and it refuses new ones until <see cref="SetBrokerUp"/>.</summary>
    public void SetBrokerDown(int brokerId) =>
        Check(MockClusterNative.rd_kafka_mock_broker_set_down(Cluster, CheckBroker(brokerId)), $"set broker {brokerId} down");

    public void SetBrokerUp(int brokerId) =>
        Check(MockClusterNative.rd_kafka_mock_broker_set_up(Cluster, CheckBroker(brokerId)), $"set broker {brokerId} up");

    /// <summary>Moves a partition's leadership; -1 leaves the partition without a leader.</summary>
    public void SetPartitionLeader(string topic, int partition, int brokerId) =>
        Check(MockClusterNative.rd_kafka_mock_partition_set_leader(Cluster, topic, partition, brokerId == -1 ? -1 : CheckBroker(brokerId)),
            $"move leader of {topic}[{partition}] to broker {brokerId}");

    /// <summary>Adds a round-trip delay to every response of a broker.</summary>
    public void SetBrokerRoundTrip(int brokerId, TimeSpan delay) =>
        Check(MockClusterNative.rd_kafka_mock_broker_set_rtt(Cluster, CheckBroker(brokerId), (int)delay.TotalMilliseconds), $"set rtt of broker {brokerId}");

    /// <summary>The next requests of type <paramref name="apiKey"/>, on any broker, fail with these errors, one each, in order.</summary>
    public void PushRequestErrors(KafkaApiKey apiKey, params ErrorCode[] errors)
    {
        if (errors.Length == 0) return;
        var codes = Array.ConvertAll(errors, e => (int)e);
        MockClusterNative.rd_kafka_mock_push_request_errors_array(Cluster, (short)apiKey, (nuint)codes.Length, codes);
    }

    public void ClearRequestErrors(KafkaApiKey apiKey) => MockClusterNative.rd_kafka_mock_clear_request_errors(Cluster, (short)apiKey);

    public void Dispose()
    {
        lock (_gate)
        {
            if (_owner == IntPtr.Zero) return;
            MockClusterNative.rd_kafka_mock_cluster_destroy(_cluster);
            MockClusterNative.rd_kafka_destroy(_owner);
            _cluster = IntPtr.Zero;
            _owner = IntPtr.Zero;
        }
    }

    private IntPtr Cluster
    {
        get
        {
            var cluster = _cluster;
            ObjectDisposedException.ThrowIf(cluster == IntPtr.Zero, this);
            return cluster;
        }
    }

    private int CheckBroker(int brokerId) =>
        brokerId >= 1 && brokerId <= BrokerCount
            ? brokerId
            : throw new ArgumentOutOfRangeException(nameof(brokerId), brokerId, $"broker ids are 1..{BrokerCount}");

    private static void Check(int error, string what)
    {
        if (error != 0)
        {
            throw new EmbeddedKafkaException($"embedded Kafka could not {what}: {(ErrorCode)error}");
        }
    }

    /// <summary>The mock cluster must be owned by a client handle; a producer handle with no brokers does nothing else.</summary>
    private static IntPtr CreateOwnerHandle()
    {
        var errors = new byte[512];
        var conf = MockClusterNative.rd_kafka_conf_new();
        if (MockClusterNative.rd_kafka_conf_set(conf, "log_level", "3", errors, (nuint)errors.Length) != 0)
        {
            MockClusterNative.rd_kafka_conf_destroy(conf);
            throw new EmbeddedKafkaException("librdkafka rejected its configuration: " + ErrorText(errors));
        }
        var handle = MockClusterNative.rd_kafka_new(MockClusterNative.ProducerType, conf, errors, (nuint)errors.Length);
        if (handle == IntPtr.Zero)
        {
            MockClusterNative.rd_kafka_conf_destroy(conf);
            throw new EmbeddedKafkaException("librdkafka could not create the handle that owns the mock cluster: " + ErrorText(errors));
        }
        return handle; // rd_kafka_new took ownership of conf
    }

    private static string ErrorText(byte[] errors)
    {
        var end = Array.IndexOf(errors, (byte)0);
        return Encoding.UTF8.GetString(errors, 0, end < 0 ? errors.Length : end);
    }
}
