using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenMrs.ModelStore.Formats;
using OpenMrs.ModelStore.Store;
using OpenMrs.Serving.Grains.Hosting;
using OpenMrs.Serving.Grains.Models;

namespace OpenMrs.Serving.Grains.Experiments;

/// <summary>
/// The models a variant ranks with: the current (newest) models with each part the variant pins
/// (<see cref="VariantOptions.Models"/>) swapped for that version, so <see cref="ServingModel.Version"/> (the response's
/// model version and the cache key) names the versions really used. Pinned versions are read from the model store
/// once, on first use, and kept; only versions a configured variant names are ever loaded, so the set is bounded by
/// the configuration. A pinned version that is missing, invalid or of a kind this silo does not rank with is logged
/// once as a warning and that part follows the newest model: the user still gets a list, never an error.
/// </summary>
public sealed class VariantModels(ICurrentModel currentModel, IModelStore store, ModelLoader loader, IOptions<ServingOptions> options, ILogger<VariantModels> logger)
{
    private readonly ConcurrentDictionary<(string Kind, string Version), Lazy<Pinned?>> _pinned = new();

    /// <returns>The model <paramref name="arm"/>'s users rank with; the current one (null before the first) without pins.</returns>
    public ServingModel? For(VariantOptions? arm)
    {
        var model = currentModel.Current;
        if (model is null || arm is not { Models.Count: > 0 }) return model;
        foreach (var (kind, version) in arm.Models)
        {
            if (model.VersionOf(kind) == version) continue;
            var pinned = _pinned.GetOrAdd((kind, version), key => new Lazy<Pinned?>(() => Load(arm.Name, key.Kind, key.Version))).Value;
            if (pinned is { Popularity: { } popularity }) model = model with { PopularityVersion = version, Popularity = popularity };
            else if (pinned is { Part: { } part }) model = model.WithPart(part, options.Value);
        }
        return model;
    }

    private Pinned? Load(string variant, string kind, string version)
    {
        var served = options.Value;
        try
        {
            if (kind == PopularityModel.Kind) return new Pinned(PopularityModelFile.Load(store, version), null);
            if (kind != served.PersonalModel && kind != served.NeighbourModel && kind != served.RankerModel)
            {
                logger.LogWarning("Variant {Variant} pins {Kind} {Version}, a kind this silo does not rank with; ignored", variant, kind, version);
                return null;
            }
            var part = loader.LoadPart(kind, version);
            loader.Prepare(part);
            logger.LogInformation("Variant {Variant} ranks with pinned {Kind} {Version}", variant, kind, version);
            return new Pinned(null, part);
        }
        catch (Exception ex) when (ex is ModelStoreException or OpenMrs.Recommender.Persistence.ModelFormatException or IOException or InvalidDataException)
        {
            logger.LogWarning("Variant {Variant}: pinned {Kind} model {Version} could not be loaded ({Reason}); that part follows the newest version",
                variant, kind, version, ex.Message);
            return null;
        }
    }

    private sealed record Pinned(PopularityModel? Popularity, ModelPart? Part);
}
