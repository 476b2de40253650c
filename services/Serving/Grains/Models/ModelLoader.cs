using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenMrs.ModelStore.Formats;
using OpenMrs.ModelStore.Store;
using OpenMrs.Recommender.Content;
using OpenMrs.Serving.Grains.Hosting;
using OpenMrs.Serving.Grains.Ranking.Candidates.FactorSearch;
using OpenMrs.Serving.Grains.Telemetry;

namespace OpenMrs.Serving.Grains.Models;

/// <summary>
/// Reads a model version from the model store and swaps it into <see cref="ICurrentModel"/>: popularity, the personal
/// factor model (<see cref="ServingOptions.PersonalModel"/>, WALS by default), the item-neighbour model
/// (<see cref="ServingOptions.NeighbourModel"/>, RP3β by default), the ranker (<see cref="ServingOptions.RankerModel"/>, the blend)
/// and the content-to-factors model of the cold start (<c>content-factors</c>).
/// A large personal model's approximate factor index starts building as it is swapped in (<see cref="FactorIndexCache.Prepare"/>).
/// </summary>
public sealed class ModelLoader(
    IModelStore store, ICurrentModel currentModel, Continuation.NextTrackPredictors predictors, FactorIndexCache factorIndexes, ServingMetrics metrics, TimeProvider time,
    IOptions<ServingOptions> options, ILogger<ModelLoader> logger, Content.CatalogueArtists? catalogueArtists = null)
{
    /// <summary>Kinds this silo ranks with; announcements of others are ignored.</summary>
    public bool Serves(string kind) =>
        kind.Length > 0 && (kind == PopularityModel.Kind || kind == options.Value.PersonalModel || kind == options.Value.NeighbourModel
                            || kind == options.Value.RankerModel || kind == ContentFactorsModel.Kind
                            || kind == options.Value.SequenceModel);

    /// <returns>True when the version was loaded and is now current.</returns>
    /// <exception cref="ModelNotFoundException">The store has no such version.</exception>
    /// <exception cref="ModelFormatException">The file is not a valid model, or a personal model is not a factor model.</exception>
    public bool Load(string kind, string version)
    {
        if (!Serves(kind)) return false;
        if (kind == options.Value.SequenceModel) return LoadSequence(version);
        if (currentModel.Current?.VersionOf(kind) is { } held && string.CompareOrdinal(held, version) >= 0) return false;

        bool swapped;
        string size;
        if (kind == PopularityModel.Kind)
        {
            var popularity = PopularityModelFile.Load(store, version);
            swapped = currentModel.TryUpdate(kind, version, current =>
                (current ?? ServingModel.Empty(time.GetUtcNow())) with { PopularityVersion = version, Popularity = popularity, LoadedAt = time.GetUtcNow() });
            size = $"{popularity.Count} tracks";
        }
        else if (kind == ContentFactorsModel.Kind)
        {
            var content = ContentFactorsModelFile.Load(store, version);
            swapped = currentModel.TryUpdate(kind, version, current =>
                (current ?? ServingModel.Empty(time.GetUtcNow())) with { Content = new ContentPart(version, content), LoadedAt = time.GetUtcNow() });
            size = $"{content.Text.Name} text, {content.AudioDimension}-d audio → {content.Factors} factors";
        }
        else
        {
            var part = LoadPart(kind, version);
            swapped = currentModel.TryUpdate(kind, version, current =>
                (current ?? ServingModel.Empty(time.GetUtcNow())).WithPart(part, options.Value) with { LoadedAt = time.GetUtcNow() });
            if (swapped) Prepare(part);
            size = $"{part.Model.Users.Count} users × {part.Model.Items.Count} tracks";
        }
        if (swapped)
        {
            catalogueArtists?.Reconcile();
            metrics.ModelsLoaded.Add(1);
            logger.LogInformation("Serving model {Kind} {Version} ({Size})", kind, version, size);
        }
        return swapped;
    }

    /// <summary>
    /// Reads one trained part (personal, neighbour or ranker kind) from the store without making it current; used for
    /// the newest versions and for the versions an A/B variant pins.
    /// </summary>
    /// <exception cref="ModelNotFoundException">The store has no such version.</exception>
    /// <exception cref="ModelFormatException">The file is not a valid model, or a personal model is not a factor model.</exception>
    public ModelPart LoadPart(string kind, string version)
    {
        var trained = TrainedModelFile.Load(store, kind, version);
        if (kind == options.Value.PersonalModel && trained.Factors is null)
            throw new ModelFormatException($"the personal model must be a factor model; '{kind}' is not");
        return new ModelPart(version, trained);
    }

    /// <summary>Starts building a personal part's approximate factor index (nothing for other parts).</summary>
    public void Prepare(ModelPart part)
    {
        if (part.Kind == options.Value.PersonalModel) factorIndexes.Prepare(part);
    }

    private bool LoadSequence(string version)
    {
        var model = SequenceModelFile.Load(store, version);
        if (!predictors.TryUpdate(version, model)) return false;
        metrics.ModelsLoaded.Add(1);
        logger.LogInformation("Continuing playlists with sequence model {Version} ({Features} features, validation MAE {Mae:F3}, repeat-last {Baseline:F3})",
            version, model.Features, model.ValidationMae, model.BaselineMae);
        return true;
    }

    /// <summary>Loads the newest version of every served kind in the store; used at start-up. Returns true when any loaded.</summary>
    public bool LoadLatest()
    {
        var any = false;
        foreach (var kind in new[]
                 {
                     PopularityModel.Kind, options.Value.PersonalModel, options.Value.NeighbourModel, options.Value.RankerModel,
                     ContentFactorsModel.Kind, options.Value.SequenceModel,
                 })
        {
            if (string.IsNullOrEmpty(kind) || store.LatestVersion(kind) is not { } latest) continue;
            try
            {
                any |= Load(kind, latest);
            }
            catch (ModelStoreException ex)
            {
                // One bad kind must not keep the others out: the next announcement replaces it.
                logger.LogError(ex, "Could not load the latest {Kind} model {Version} at start-up", kind, latest);
            }
        }
        return any;
    }
}
