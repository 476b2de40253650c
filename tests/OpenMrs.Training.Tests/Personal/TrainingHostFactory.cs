using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenMrs.Training.Hosting;

namespace OpenMrs.Training.Tests.Personal;


/// <summary>The streaming Training service as a generic host over a given Kafka endpoint and a temporary model store.</summary>
internal static class TrainingHostFactory
{
    public static IHost Build(string storePath, string bootstrapServers, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder();
        var configuration = new Dictionary<string, string?>
        {
            ["ModelStore:Path"] = storePath,
            ["Kafka:BootstrapServers"] = bootstrapServers,
            ["Training:PublishInterval"] = "00:00:01",
            ["Training:TrainCheckInterval"] = "00:00:00.200",
            ["Training:RetrainAfterEvents"] = "1000000000",
            ["Training:MinEvaluationUsers"] = "10",
            ["Training:ModelOptions:als:factors"] = "16",
            ["Training:ModelOptions:als:iterations"] = "8",
            ["Training:ModelOptions:als:regularization"] = "0.1",
            ["Training:ModelOptions:als:alpha"] = "5",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) configuration[key] = value;
        builder.Configuration.AddInMemoryCollection(configuration);
        services?.Invoke(builder.Services);
        builder.AddTrainingService();
        return builder.Build();
    }

    public static string TemporaryStore() => Path.Combine(Path.GetTempPath(), "openmrs-training-personal-" + Guid.NewGuid().ToString("N"));
}

/// <summary>A test class with one Training host on embedded Kafka and a temporary model store, started and removed around its tests.</summary>
public abstract class EmbeddedTrainingHostTest(IDictionary<string, string?> settings) : IAsyncLifetime
{
    private readonly string _storePath = TrainingHostFactory.TemporaryStore();

    protected IHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = TrainingHostFactory.Build(_storePath, OpenMrs.Messaging.Configuration.KafkaOptions.EmbeddedKeyword, settings);
        await Host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
        if (Directory.Exists(_storePath)) Directory.Delete(_storePath, recursive: true);
    }
}
