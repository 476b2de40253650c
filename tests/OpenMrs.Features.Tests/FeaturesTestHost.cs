using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using OpenMrs.Features.Hosting;
using OpenMrs.Testing.Kafka;
using OpenMrs.Testing.TestAudio;

namespace OpenMrs.Features.Tests;

/// <summary>The Features service on the embedded Kafka cluster: its own topics, a fresh consumer group, a model store folder.</summary>
internal static class FeaturesTestHost
{
    /// <summary>Test classes hosting the service run one after another: the service's metrics are read process-wide.</summary>
    public const string Collection = "Features service hosts";

    public static IHost Build(KafkaClusterFixture kafka, string input, string output, string modelStore, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = kafka.BootstrapServers,
            ["Features:InputTopic"] = input,
            ["Features:OutputTopic"] = output,
            ["Features:ConsumerGroup"] = KafkaClusterFixture.UniqueGroup("features"),
            ["ModelStore:Path"] = modelStore,
            // The tests' audio: generated files in the temp folder and the downloaded sample package.
            ["Features:AudioSources:LocalRoots:0"] = Path.GetTempPath(),
            ["Features:AudioSources:LocalRoots:1"] = Path.Combine(TestAudioFiles.RepositoryRoot, "tests", "fixtures"),
        });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.AddFeaturesService();
        return builder.Build();
    }
}
