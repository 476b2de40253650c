using System.Diagnostics;
using Microsoft.Extensions.Options;
using OpenMrs.Contracts;
using OpenMrs.Contracts.Events;
using OpenMrs.Messaging;
using OpenMrs.ModelStore.Formats;
using OpenMrs.ModelStore.Store;
using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Models;
using OpenMrs.Recommender.Persistence;
using OpenMrs.Training.Catalog;
using OpenMrs.Training.Hosting;
using OpenMrs.Training.Interactions;
using OpenMrs.Recommender.Models.Blend;
using LibraryPopularity = OpenMrs.Recommender.Models.Popularity.PopularityModel;

namespace OpenMrs.Training.Cycles;

/// <summary>
/// One training cycle: export the interaction store, split it in event time (<see cref="HoldoutSlice"/>), and for each
/// configured kind fit a candidate on the training part, score it and the current published version on the held-out
/// part (<see cref="HoldoutEvaluator"/>), and let <see cref="PublishGuard"/> decide. A candidate that passes is refitted
/// on all the data (unless <see cref="TrainingOptions.RefitOnAllData"/> is off), checked again for finite factors,
/// written to the model store with its provenance and announced on <c>models</c>. One cycle at a time. Each stage is a
/// span on <see cref="Activities"/> (<c>training.export</c>, <c>training.split</c>, <c>training.fit {kind}</c>,
/// <c>training.evaluate {kind}</c>, <c>training.refit {kind}</c>, <c>training.write {kind}</c>, <c>training.announce {kind}</c>).
/// </summary>
public sealed class TrainingCycle(
    InteractionStore interactions,
    TrackCatalog catalog,
    ICandidateFitter fitter,
    IModelStore store,
    IEventPublisher publisher,
    TrainingMetrics metrics,
    IOptions<TrainingOptions> options,
    ILogger<TrainingCycle> logger)
{
    /// <summary>The source of the cycle's stage spans.</summary>
    public static readonly ActivitySource Activities = new("OpenMrs.Training.Cycle");

    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly Dictionary<string, (string Version, TrainedModel Model)> _current = new(StringComparer.Ordinal);
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
            var eventCount = interactions.Version;
            IReadOnlyList<Interaction> exported;
            using (Activities.StartActivity("training.export")) exported = interactions.Export();
            HoldoutSlice slice;
            using (Activities.StartActivity("training.split"))
                slice = await Task.Run(() => HoldoutSlice.Create(exported, o.Weights, DurationOf, o.HoldoutFraction), cancellationToken);
            HoldoutMetrics popularity;
            using (Activities.StartActivity("training.evaluate popularity")) popularity = Baseline(slice, o, cancellationToken);
            var reports = new List<CycleReport>();
            foreach (var kind in o.PersonalModelKinds())
                reports.Add(await RunKindAsync(kind, slice, popularity, eventCount, exported.Count, o, reports, cancellationToken));
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

    private async Task<CycleReport> RunKindAsync(
        string kind, HoldoutSlice slice, HoldoutMetrics popularity, long eventCount, int interactionCount, TrainingOptions o,
        IReadOnlyList<CycleReport> earlier, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        CycleReport report;
        if (slice.Train.UserCount == 0 || slice.Train.ItemCount == 0)
        {
            report = Report(kind, false, "refused: no positive interactions before the held-out cut yet", eventCount, interactionCount,
                new HoldoutMetrics(0, 0, 0, 0), "popularity", popularity, null, clock);
            return Remember(report);
        }

        var current = CurrentOf(kind);
        IRecommender candidate;
        try
        {
            using (Activities.StartActivity($"training.fit {kind}")) candidate = await Task.Run(() => fitter.Fit(kind, slice.Train, current?.Model, ct), ct);
        }
        catch (Exception ex) when (ex is DegenerateDataException or ModelOptionException or ArgumentException)
        {
            // This kind cannot be fitted on this data (too few users for its factors, a diverged fit, a bad option):
            // it is refused like a worse candidate, and the other kinds of the cycle go on.
            report = Report(kind, false, $"refused: fitting failed: {ex.Message}", eventCount, interactionCount,
                new HoldoutMetrics(0, 0, 0, 0), "popularity", popularity, null, clock);
            logger.LogWarning("Training {Kind}: {Reason}", kind, report.Reason);
            return Remember(report);
        }
        var candidateModel = Wrap(candidate, slice.Train);
        var finite = PublishGuard.IsFinite(candidate);
        var evaluation = Activities.StartActivity($"training.evaluate {kind}");
        var candidateMetrics = finite ? HoldoutEvaluator.Evaluate(candidateModel, slice.Users, o.MaxEvaluationUsers, ct) : new HoldoutMetrics(0, 0, 0, slice.Users.Count);
        var (referenceName, referenceMetrics) = current is { } c
            ? ($"current {c.Version}", HoldoutEvaluator.Evaluate(c.Model, slice.Users, o.MaxEvaluationUsers, ct))
            : ("popularity", popularity);
        evaluation?.Dispose();
        var decision = PublishGuard.Decide(finite, candidateMetrics, referenceMetrics, referenceName, o.MinEvaluationUsers, o.GuardTolerance);
        if (decision.Publish && kind == BlendModel.KindName && earlier.Where(r => r.Candidate["evaluationUsers"] > 0).MaxBy(r => r.Candidate["ndcg@10"]) is { } best
            && candidateMetrics.NdcgAt10 < best.Candidate["ndcg@10"])
            decision = new GuardDecision(false,
                $"refused: the blend's NDCG@10 {candidateMetrics.NdcgAt10:F4} does not win over the best single model this cycle ({best.Kind} {best.Candidate["ndcg@10"]:F4})");

        string? version = null;
        if (decision.Publish)
        {
            var (final, refused) = await RefitAsync(kind, slice, candidateModel, current?.Model, o, ct);
            if (refused is not null) decision = refused;
            else version = await PublishAsync(final!, slice, candidateMetrics, popularity, current, referenceMetrics, eventCount, ct);
        }

        report = Report(kind, decision.Publish, decision.Reason, eventCount, interactionCount, candidateMetrics, referenceName, referenceMetrics, version, clock);
        if (decision.Publish) logger.LogInformation("Training {Kind}: {Reason}; version {Version}", kind, decision.Reason, version);
        else logger.LogWarning("Training {Kind}: {Reason}", kind, decision.Reason);
        return Remember(report);
    }

    /// <summary>The model to publish: the candidate, or its refit on all the data; or why the refit cannot be published.</summary>
    private async Task<(TrainedModel? Model, GuardDecision? Refused)> RefitAsync(
        string kind, HoldoutSlice slice, TrainedModel candidate, TrainedModel? previous, TrainingOptions o, CancellationToken ct)
    {
        if (!o.RefitOnAllData) return (candidate, null);
        try
        {
            var final = Wrap(await Task.Run(() => fitter.Fit(kind, slice.All, previous, ct), ct), slice.All);
            return PublishGuard.IsFinite(final.Recommender)
                ? (final, null)
                : (null, new GuardDecision(false, "refused: the refit on all data has a non-finite factor or score"));
        }
        catch (Exception ex) when (ex is DegenerateDataException or ArgumentException)
        {
            return (null, new GuardDecision(false, $"refused: the refit on all data failed: {ex.Message}"));
        }
    }

    private async Task<string> PublishAsync(
        TrainedModel model, HoldoutSlice slice, HoldoutMetrics candidate, HoldoutMetrics popularity,
        (string Version, TrainedModel Model)? replaced, HoldoutMetrics referenceMetrics, long eventCount, CancellationToken ct)
    {
        var offline = new Dictionary<string, double>(candidate.ToDictionary())
        {
            ["popularity.ndcg@10"] = popularity.NdcgAt10,
            ["users"] = model.Users.Count,
            ["items"] = model.Items.Count,
            ["interactions"] = model.Recommender is RecommenderBase b ? b.UserItems.NonZeros : 0,
            ["eventCount"] = eventCount,
        };
        var provenance = new ModelProvenance(
            model.Kind, fitter.Hyperparameters(model.Kind), slice.DataFrom, slice.DataTo, eventCount,
            replaced?.Version, replaced is null ? null : referenceMetrics.ToDictionary());
        ModelManifest manifest;
        using (Activities.StartActivity($"training.write {model.Kind}")) manifest = await TrainedModelFile.PublishAsync(store, model, offline, provenance, ct);
        using (Activities.StartActivity($"training.announce {model.Kind}"))
            await publisher.PublishAsync(Topics.Models, manifest.Kind,
                new ModelPublished(manifest.Kind, manifest.Version, manifest.Location, manifest.CreatedAt, offline), ct);
        lock (_current) _current[model.Kind] = (manifest.Version, model);
        metrics.ModelsPublished.Add(1);
        return manifest.Version;
    }

    private (string Version, TrainedModel Model)? CurrentOf(string kind)
    {
        lock (_current)
        {
            if (_current.TryGetValue(kind, out var known)) return known;
        }
        var latest = store.LatestVersion(kind);
        if (latest is null) return null;
        try
        {
            var loaded = (latest, TrainedModelFile.Load(store, kind, latest));
            lock (_current) _current[kind] = loaded;
            return loaded;
        }
        catch (ModelStoreException ex)
        {
            logger.LogError(ex, "The current {Kind} model {Version} is unreadable; comparing candidates with popularity", kind, latest);
            return null;
        }
    }

    private HoldoutMetrics Baseline(HoldoutSlice slice, TrainingOptions o, CancellationToken ct)
    {
        if (slice.Train.UserCount == 0 || slice.Train.ItemCount == 0) return new HoldoutMetrics(0, 0, 0, 0);
        var popularity = new LibraryPopularity();
        popularity.Fit(slice.Train, cancellationToken: ct);
        return HoldoutEvaluator.Evaluate(Wrap(popularity, slice.Train), slice.Users, o.MaxEvaluationUsers, ct);
    }

    private TrainedModel Wrap(IRecommender model, InteractionMatrix data) =>
        new(new LoadedModel(model, data.Users, data.Items), options.Value.Weights,
            [.. data.Items.Ids.Select(id => catalog.Find(id) is { } t ? new TrackInfo(t.DurationMs ?? 0, t.Artist) : new TrackInfo(0, ""))]);

    private int? DurationOf(string trackId) => catalog.Find(trackId)?.DurationMs;

    private CycleReport Remember(CycleReport report)
    {
        lock (_reports) _reports[report.Kind] = report;
        return report;
    }

    private static CycleReport Report(
        string kind, bool published, string reason, long eventCount, int interactionCount, HoldoutMetrics candidate,
        string reference, HoldoutMetrics referenceMetrics, string? version, Stopwatch clock) =>
        new(kind, DateTimeOffset.UtcNow, published, reason, eventCount, interactionCount, candidate.ToDictionary(), reference,
            referenceMetrics.ToDictionary(), version, clock.Elapsed.TotalSeconds);
}
