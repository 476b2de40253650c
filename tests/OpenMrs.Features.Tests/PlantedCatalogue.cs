using OpenMrs.ModelStore.Formats;
using OpenMrs.ModelStore.Store;
using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Models;
using OpenMrs.Recommender.Persistence;
using OpenMrs.Testing.Planted;
using OpenMrs.Testing.TestAudio;

namespace OpenMrs.Features.Tests;

/// <summary>
/// A small catalogue on disk: WAV files of <see cref="PlantedGenres"/> audio, an audio map, and a WALS (<c>als</c>) model
/// fitted on listens where each user plays tracks of one genre only, published in a model store.
/// </summary>
internal sealed class PlantedCatalogue
{
    public const int MelBands = 32;
    public const int Frames = 172;

    private PlantedCatalogue(string directory, IReadOnlyDictionary<string, string> audio, FileSystemModelStore store, string alsVersion)
    {
        Directory = directory;
        Audio = audio;
        Store = store;
        AlsVersion = alsVersion;
    }

    public string Directory { get; }
    public IReadOnlyDictionary<string, string> Audio { get; }
    public string AudioMap => Path.Combine(Directory, "audio-map.tsv");
    public FileSystemModelStore Store { get; }
    public string StorePath => Store.RootPath;
    public string AlsVersion { get; }

    public static async Task<PlantedCatalogue> CreateAsync(string directory, int tracks = 24, double seconds = 4.2)
    {
        var genres = new PlantedGenres(factors: 8, seed: 5);
        var audio = new Dictionary<string, string>();
        for (var i = 0; i < tracks; i++)
        {
            var path = Path.Combine(directory, $"track-{i:D2}.wav");
            WavWriter.Write(path, genres.Audio(i % PlantedGenres.Genres, seconds), PlantedGenres.SampleRate);
            audio[$"track-{i:D2}"] = path;
        }
        await File.WriteAllLinesAsync(Path.Combine(directory, "audio-map.tsv"), ["# track\taudio", .. audio.Select(kv => $"{kv.Key}\t{kv.Value}")]);
        var store = new FileSystemModelStore(Path.Combine(directory, "model-store"));
        var manifest = await TrainedModelFile.PublishAsync(store, Wals(audio.Keys.Order(StringComparer.Ordinal).ToArray()), null, null, CancellationToken.None);
        return new PlantedCatalogue(directory, audio, store, manifest.Version);
    }

    /// <summary>WALS on 32 users, each playing every track of their genre (track i has genre i mod 4).</summary>
    private static TrainedModel Wals(string[] trackIds)
    {
        var users = new IdMap(Enumerable.Range(0, 32).Select(u => $"user-{u:D2}"));
        var items = new IdMap(trackIds);
        var triplets = Enumerable.Range(0, users.Count)
            .SelectMany(u => Enumerable.Range(0, items.Count).Where(i => i % PlantedGenres.Genres == u % PlantedGenres.Genres).Select(i => (u, i, 1f)));
        var model = ModelCatalog.Create("als", new Dictionary<string, string> { ["factors"] = "8", ["iterations"] = "10", ["regularization"] = "0.1", ["alpha"] = "5" });
        model.Fit(new InteractionMatrix(users, items, CsrMatrix.FromTriplets(users.Count, items.Count, triplets)));
        return new TrainedModel(new LoadedModel(model, users, items), FeedbackWeights.Default, items.Ids.Select(_ => new TrackInfo(4_200, "artist")).ToList());
    }
}
