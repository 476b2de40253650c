using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenMrs.Audio.Models;
using OpenMrs.Features.Configuration;
using OpenMrs.Features.Embedding;
using OpenMrs.ModelStore.Store;

namespace OpenMrs.Features.Tests;

/// <summary>Where the CNN weights come from: the model store's newest version, else a seeded random initialisation.</summary>
public sealed class FeatureExtractorProviderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("openmrs-provider-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static FeatureExtractorProvider Provider(FeaturesOptions options, IModelStore? store) =>
        new(Options.Create(options), NullLogger<FeatureExtractorProvider>.Instance, store);

    [Fact]
    public async Task The_newest_model_store_version_is_used_and_reported()
    {
        var store = new FileSystemModelStore(Path.Combine(_dir, "store"));
        var weights = Path.Combine(_dir, "trained.bin");
        using (var model = AudioEmbedder.CreateSeeded(AudioCnnFactory.DefaultSpec("cnn-m"), seed: 5))
            AudioModelFile.Save(weights, model, "cnn-m-trained-test", trained: true);
        var kind = $"audio-cnn-{Guid.NewGuid():N}"; // names its temporary copies, so only this test's are counted
        await store.WriteAsync(kind, async (stream, ct) =>
        {
            await using var source = File.OpenRead(weights);
            await source.CopyToAsync(stream, ct);
        });

        using var provider = Provider(new FeaturesOptions { ModelKind = kind }, store);
        Assert.Equal("cnn-m-trained-test", provider.Get().EmbeddingModelVersion);
        // The weights are read whole, so the copy taken out of the store is gone once they are loaded.
        Assert.Empty(Directory.EnumerateFiles(Path.GetTempPath(), $"openmrs-{kind}-*"));
    }

    [Fact]
    public void Without_trained_weights_the_seeded_random_model_is_used()
    {
        var store = new FileSystemModelStore(Path.Combine(_dir, "empty-store"));
        using var provider = Provider(new FeaturesOptions { RandomSeed = 11 }, store);
        Assert.Equal(AudioEmbedder.RandomVersion("cnn-m", 11), provider.Get().EmbeddingModelVersion);
    }

    [Fact]
    public void A_damaged_weights_file_falls_back_to_the_random_model()
    {
        var broken = Path.Combine(_dir, "broken.bin");
        File.WriteAllText(broken, "not a model");
        using var provider = Provider(new FeaturesOptions { ModelPath = broken, RandomSeed = 3 }, null);
        Assert.Equal(AudioEmbedder.RandomVersion("cnn-m", 3), provider.Get().EmbeddingModelVersion);
    }
}
