using System.Diagnostics;
using Microsoft.Extensions.Options;
using OpenMrs.Contracts;
using OpenMrs.Contracts.Events;
using OpenMrs.Messaging;
using OpenMrs.ModelStore.Formats;
using OpenMrs.ModelStore.Store;
using OpenMrs.Training.Catalog;
using OpenMrs.Training.Hosting;
using OpenMrs.Training.Interactions;
using OpenMrs.Recommender.Text;

namespace OpenMrs.Training.Cycles;

/// <summary>
/// One live training cycle: export the interaction store and run the shared <see cref="CycleSteps"/> for each
/// configured kind (split in event time, fit on the training part, score the candidate and the current published
/// version as served, guard, refit on all data, write to the model store), then announce each written version on
/// <c>models</c>. The current versions are kept in memory between cycles. One cycle at a time. Each stage is a span on
/// <see cref="Activities"/> (<c>training.export</c>, <c>training.split</c>, <c>training.evaluate popularity</c>, and per
/// kind <c>training.fit</c>, <c>training.evaluate</c>, <c>training.refit</c>, <c>training.write</c>, <c>training.announce</c>).
/// Then the content-to-factors model is trained on the factor model's tracks that have features (<see cref="ContentFactorsStep"/>,
/// span <c>training.content-factors</c>) and announced like the others when its guard lets it through.
/// </summary>
public sealed class TrainingCycle(
    InteractionStore interactions,
    TrackCatalog catalog,
    TrackFeatureStore features,
    ICandidateFitter fitter,
    IModelStore store,
    IEventPublisher publisher,
    TrainingMetrics metrics,
    IOptions<TrainingOptions> options,
    ILogger<TrainingCycle> logger)
{
    /// <summary>The activity source of the cycle's stage spans.</summary>
    public static readonly ActivitySource Activities = new("OpenMrs.Training.Cycle");

    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly Dictionary<string, CurrentModel> _current = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CycleReport> _reports = new(StringComparer.Ordinal);

    /// <summary>The store version (events applied) the last cycle trained on.</summary>
    public long LastTrainedEventCount { get; private set; }

    public DateTimeOffset? LastCycleAt { get; private set; }

    public long Cycles { get; private set; }

    /// <summary>The last decision per kind.</summary>
    public IReadOnlyList<CycleReport> Reports
    {
        get { lock (_reports) return [.. _reports.Values.OrderBy(r => r.Kind, StringComparer.Ordinal)]; }
    }

    /// <summary>Runs one cycle over every configured kind; returns the decisions.</summary>
    public async Task<IReadOnlyList<CycleReport>> RunAsync(CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            var o = options.Value;
            var steps = new CycleSteps(fitter, store, o, TrackOf);
            var eventCount = interactions.Version;
            IReadOnlyList<Interaction> exported;
            using (Activities.StartActivity("training.export")) exported = interactions.Export();
            HoldoutSlice slice;
            using (Activities.StartActivity("training.split")) slice = await Task.Run(() => steps.Split(exported), cancellationToken);
            HoldoutMetrics popularity;
            using (Activities.StartActivity("training.evaluate popularity"))
                popularity = await Task.Run(() => steps.Popularity(slice, cancellationToken), cancellationToken);
            var reports = new List<CycleReport>();
            foreach (var kind in o.PersonalModelKinds())
            {
                var outcome = await steps.RunKindAsync(kind, slice, popularity, CurrentOf(steps, kind), eventCount, exported.Count, null, cancellationToken, reports);
                if (outcome is { Manifest: { } manifest, Model: { } model })
                    using (Activities.StartActivity($"training.announce {kind}")) await AnnounceAsync(manifest, model, cancellationToken);
                reports.Add(Remember(outcome.Report));
            }
            if (o.ContentFactors.Enabled && features.Count > 0 && CurrentOf(steps, o.ContentFactors.FactorModel) is { } factorModel)
                reports.Add(Remember(await RunContentFactorsAsync(o, factorModel, eventCount, cancellationToken)));
            LastTrainedEventCount = eventCount;
            LastCycleAt = DateTimeOffset.UtcNow;
            Cycles++;
            return reports;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async Task AnnounceAsync(ModelManifest manifest, TrainedModel model, CancellationToken ct)
    {
        await AnnounceAsync(manifest, ct);
        lock (_current) _current[manifest.Kind] = new CurrentModel(manifest.Version, model);
    }

    private async Task AnnounceAsync(ModelManifest manifest, CancellationToken ct)
    {
        await publisher.PublishAsync(Topics.Models, manifest.Kind,
            new ModelPublished(manifest.Kind, manifest.Version, manifest.Location, manifest.CreatedAt, manifest.Metrics), ct);
        metrics.ModelsPublished.Add(1);
    }

    private async Task<CycleReport> RunContentFactorsAsync(TrainingOptions o, CurrentModel factorModel, long eventCount, CancellationToken ct)
    {
        var step = new ContentFactorsStep(store, o.ContentFactors, TextOf, features.Find);
        (CycleReport Report, ModelManifest? Manifest) outcome;
        using (Activities.StartActivity("training.content-factors")) outcome = await step.RunAsync(factorModel, eventCount, ct);
        if (outcome.Manifest is { } manifest)
            using (Activities.StartActivity($"training.announce {manifest.Kind}")) await AnnounceAsync(manifest, ct);
        return outcome.Report;
    }

    private TrackText? TextOf(string trackId) =>
        catalog.Find(trackId) is { } t ? new TrackText(t.Title ?? "", t.Artist ?? "", t.Album, t.Tags, t.Text) : null;

    private CurrentModel? CurrentOf(CycleSteps steps, string kind)
    {
        lock (_current)
        {
            if (_current.TryGetValue(kind, out var known)) return known;
        }
        try
        {
            var loaded = steps.LoadCurrent(kind);
            if (loaded is not null) lock (_current) _current[kind] = loaded;
            return loaded;
        }
        catch (ModelStoreException ex)
        {
            logger.LogError(ex, "The current {Kind} model is unreadable; comparing candidates with popularity", kind);
            return null;
        }
    }

    private TrackInfo? TrackOf(string trackId) =>
        catalog.Find(trackId) is { } track ? new TrackInfo(track.DurationMs ?? 0, track.Artist) : null;

    private CycleReport Remember(CycleReport report)
    {
        if (report.Published) logger.LogInformation("Training {Kind}: {Reason}; version {Version}", report.Kind, report.Reason, report.PublishedVersion);
        else logger.LogWarning("Training {Kind}: {Reason}", report.Kind, report.Reason);
        lock (_reports) _reports[report.Kind] = report;
        return report;
    }
}
