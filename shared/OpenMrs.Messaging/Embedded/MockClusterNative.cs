using System.Reflection;
using System.Runtime.InteropServices;

namespace OpenMrs.Messaging.Embedded;

/// <summary>
/// P/Invoke bindings to librdkafka's mock cluster (<c>rdkafka_mock.h</c>). The imports bind to the very librdkafka
/// file Confluent.Kafka already loaded: the package's default <c>librdkafka.so</c> needs libsasl2.so.3, which some
/// distributions lack, so Confluent.Kafka may have picked a different build, and a second copy must not be loaded.
/// </summary>
internal static partial class MockClusterNative
{
    private const string Library = "librdkafka";

    static MockClusterNative()
    {
        NativeLibrary.SetDllImportResolver(typeof(MockClusterNative).Assembly, Resolve);
    }

    /// <summary>Runs the static constructor, so that the resolver is installed before the first import.</summary>
    public static void EnsureBound() { }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != Library) return IntPtr.Zero;
        _ = Confluent.Kafka.Library.Version; // makes Confluent.Kafka load its librdkafka
        if (!OperatingSystem.IsLinux()) return IntPtr.Zero; // elsewhere the default probing finds the package's library
        var path = FindLoadedLibrdkafka()
            ?? throw new DllNotFoundException("librdkafka is not loaded in this process; Confluent.Kafka failed to load it");
        return NativeLibrary.Load(path);
    }

    private static string? FindLoadedLibrdkafka()
    {
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            var slash = line.IndexOf('/');
            if (slash < 0) continue;
            var path = line[slash..].Trim();
            if (Path.GetFileName(path).Contains("librdkafka", StringComparison.Ordinal) && path.Contains(".so", StringComparison.Ordinal))
            {
                return path;
            }
        }
        return null;
    }

    public const int ProducerType = 0;

    [LibraryImport(Library)]
    public static partial IntPtr rd_kafka_conf_new();

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int rd_kafka_conf_set(IntPtr conf, string name, string value, byte[] errstr, nuint errstrSize);

    [LibraryImport(Library)]
    public static partial void rd_kafka_conf_destroy(IntPtr conf);

    [LibraryImport(Library)]
    public static partial IntPtr rd_kafka_new(int type, IntPtr conf, byte[] errstr, nuint errstrSize);

    [LibraryImport(Library)]
    public static partial void rd_kafka_destroy(IntPtr rk);

    [LibraryImport(Library)]
    public static partial IntPtr rd_kafka_mock_cluster_new(IntPtr rk, int brokerCount);

    [LibraryImport(Library)]
    public static partial void rd_kafka_mock_cluster_destroy(IntPtr mcluster);

    [LibraryImport(Library)]
    public static partial IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr mcluster);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int rd_kafka_mock_topic_create(IntPtr mcluster, string topic, int partitionCount, int replicationFactor);

    [LibraryImport(Library)]
    public static partial int rd_kafka_mock_broker_set_down(IntPtr mcluster, int brokerId);

    [LibraryImport(Library)]
    public static partial int rd_kafka_mock_broker_set_up(IntPtr mcluster, int brokerId);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int rd_kafka_mock_partition_set_leader(IntPtr mcluster, string topic, int partition, int brokerId);

    [LibraryImport(Library)]
    public static partial void rd_kafka_mock_push_request_errors_array(IntPtr mcluster, short apiKey, nuint count, int[] errors);

    [LibraryImport(Library)]
    public static partial void rd_kafka_mock_clear_request_errors(IntPtr mcluster, short apiKey);

    [LibraryImport(Library)]
    public static partial void rd_kafka_mock_group_initial_rebalance_delay_ms(IntPtr mcluster, int delayMs);

    [LibraryImport(Library)]
    public static partial int rd_kafka_mock_broker_set_rtt(IntPtr mcluster, int brokerId, int rttMs);
}
