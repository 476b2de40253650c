using Microsoft.Extensions.Logging;
using OpenMrs.ModelStore.Formats;
using OpenMrs.ModelStore.Store;
using OpenMrs.Serving.Grains.Telemetry;

namespace OpenMrs.Serving.Grains.Models;

/// <summary>Reads a model version from the model store and swaps it into <see cref="ICurrentModel"/>.</summary>
public sealed class ModelLoader(
    IModelStore store, ICurrentModel currentModel, ServingMetrics metrics, TimeProvider time, ILogger<ModelLoader> logger)
{
    /// <summary>Kinds this silo knows how to serve; announcements of others are ignored.</summary>
    public static bool Serves(string kind) => kind == PopularityModel.Kind;

    /// <returns>True when the version was loaded and is now current.</returns>
    /// <exception cref="ModelNotFoundException">The store has no such version.</exception>
    /// <exception cref="ModelFormatException">The file is not a valid model.</exception>
    public bool Load(string kind, string version)
    {
        if (!Serves(kind)) return false;
        if (currentModel.Current is { } current && string.CompareOrdinal(current.Version, version) >= 0) return false;

        var popularity = PopularityModelFile.Load(store, version);
        var swapped = currentModel.TrySwap(new ServingModel(version, popularity, time.GetUtcNow()));
        if (swapped)
        {
            metrics.ModelsLoaded.Add(1);
            logger.LogInformation("Serving model {Kind} {Version} ({Tracks} tracks)", kind, version, popularity.Count);
        }
        return swapped;
    }

    /// <summary>Loads the newest version in the store, if any; used at start-up.</summary>
    public bool LoadLatest()
    {
        var latest = store.LatestVersion(PopularityModel.Kind);
        return latest is not null && Load(PopularityModel.Kind, latest);
    }
}
