using System.Diagnostics;
using OpenMrs.ModelStore.Formats;
using OpenMrs.ModelStore.Store;
using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Models;
using OpenMrs.Recommender.Persistence;
using OpenMrs.Training.Hosting;
using OpenMrs.Training.Interactions;
using OpenMrs.Recommender.Models.Blend;
using LibraryPopularity = OpenMrs.Recommender.Models.Popularity.PopularityModel;

namespace OpenMrs.Training.Cycles;

/// <summary>The published version of a kind, which a candidate must not be worse than.</summary>
/// <param name="TrainedThrough">The newest event time of its data (manifest provenance <c>DataTo</c>); null when unknown.</param>
/// <param name="TrainedThrough">The newest event time in the version's data (its provenance <c>DataTo</c>).</param>
/// <param name="EventCount">Events the version was trained on (its provenance), to tell whether the data grew since.</param>
public sealed record CurrentModel(string Version, TrainedModel Model, DateTimeOffset? TrainedThrough, long? EventCount = null)
{
    public static CurrentModel Of(ModelManifest manifest, TrainedModel model) =>
        new(manifest.Version, model, manifest.Provenance?.DataTo, manifest.Provenance?.EventCount);
}

/// <summary>What one kind's steps decided, both sides' held-out metrics, and the written version's manifest and model when it was published.</summary>
public sealed record KindOutcome(CycleReport Report, HoldoutMetrics Candidate, HoldoutMetrics Reference, ModelManifest? Manifest = null, TrainedModel? Model = null);

/// <summary>
/// The steps of a training cycle that the live trainer (<see cref="TrainingCycle"/>) and the offline <c>train</c>
/// command share, so both split, fit, evaluate, guard and write in exactly one way:
/// <list type="number">
/// <item><see cref="Split"/>: interactions → <see cref="HoldoutSlice"/> (event time, <see cref="TrainingOptions.HoldoutFraction"/>);</item>
/// <item><see cref="Popularity"/>: popularity fitted on the training part, scored as served (the first reference);</item>
/// <item><see cref="RunKindAsync"/>: fit a candidate on the training part, score it and the reference with
/// <see cref="HoldoutEvaluator"/>, let <see cref="PublishGuard"/> decide, refit on all data, write it to the store
/// with its metrics and provenance (<see cref="TrainedModelFile.PublishAsync"/>).</item>
/// </list>
/// Announcing a written version (Kafka <c>models</c>) is the caller's business. Track durations and artists come
/// from <paramref name="findTrack"/> (null for a track the catalog does not know).
/// </summary>
public sealed class CycleSteps(ICandidateFitter fitter, IModelStore store, TrainingOptions options, Func<string, TrackInfo?> findTrack)
{
    /// <summary>Positive interactions split in event time; <paramref name="weights"/> replaces the options' feedback weights.</summary>
    public HoldoutSlice Split(IReadOnlyList<Interaction> interactions, FeedbackWeights? weights = null) =>
        HoldoutSlice.Create(interactions, weights ?? options.Weights, DurationOf, options.HoldoutFraction);

    /// <summary>Popularity's held-out metrics; zero when the training part is empty.</summary>
    public HoldoutMetrics Popularity(HoldoutSlice slice, CancellationToken cancellationToken)
    {
        if (IsEmpty(slice)) return new HoldoutMetrics(0, 0, 0, 0);
        var popularity = new LibraryPopularity();
        popularity.Fit(slice.Train, cancellationToken: cancellationToken);
        return Evaluate(Wrap(popularity, slice.Train), slice, cancellationToken);
    }

    public HoldoutMetrics Evaluate(TrainedModel model, HoldoutSlice slice, CancellationToken cancellationToken) =>
        HoldoutEvaluator.Evaluate(model, slice.Users, options.MaxEvaluationUsers, cancellationToken);

    /// <summary>The store's newest version of <paramref name="kind"/>, or null when there is none.</summary>
    /// <exception cref="ModelStoreException">That version cannot be read.</exception>
    public CurrentModel? LoadCurrent(string kind) =>
        store.LatestVersion(kind) is { } latest ? CurrentModel.Of(store.ReadManifest(kind, latest), TrainedModelFile.Load(store, kind, latest)) : null;

    /// <summary>Fits, evaluates, guards and (when the guard lets it through) writes one kind; see the type.</summary>
    /// <param name="current">The published version to beat; null compares with <paramref name="popularity"/>.</param>
    /// <param name="eventCount">Events the data came from, for the report and the provenance.</param>
    /// <param name="observer">Told when each step starts and ends (progress bars); may be null.</param>
    public async Task<KindOutcome> RunKindAsync(
        string kind, HoldoutSlice slice, HoldoutMetrics popularity, CurrentModel? current, long eventCount, int interactionCount,
        ICycleObserver? observer, CancellationToken ct, IReadOnlyList<CycleReport>? earlier = null)
    {
        var clock = Stopwatch.StartNew();
        if (IsEmpty(slice))
        {
            var none = new HoldoutMetrics(0, 0, 0, 0);
            return new(Report(kind, false, "refused: no positive interactions before the held-out cut yet", eventCount, interactionCount,
                none, "popularity", popularity, null, clock), none, popularity);
        }

        IRecommender candidate;
        try
        {
            candidate = await Task.Run(() => Step(observer, kind, CycleStep.Fit, p => fitter.Fit(kind, slice.Train, current?.Model, p, ct)), ct);
        }
        catch (Exception ex) when (ex is DegenerateDataException or ModelOptionException or ArgumentException)
        {
            // This kind cannot be fitted on this data (too few users for its factors, a diverged fit, a bad option):
            // it is refused like a worse candidate, and the other kinds of the cycle go on.
            var none = new HoldoutMetrics(0, 0, 0, 0);
            return new(Report(kind, false, $"refused: fitting failed: {ex.Message}", eventCount, interactionCount, none, "popularity", popularity, null, clock),
                none, popularity);
        }
        var candidateModel = Wrap(candidate, slice.Train);
        var finite = PublishGuard.IsFinite(candidate);
        var (referenceName, referenceMetrics, candidateMetrics, decision) = await Task.Run(() => Step(observer, kind, CycleStep.Evaluate, _ =>
            Judge(candidateModel, finite, slice, popularity, current, eventCount, ct)), ct);
        if (decision.Publish && kind == BlendModel.KindName
            && (earlier ?? []).Where(r => r.Candidate["evaluationUsers"] > 0).MaxBy(r => r.Candidate["ndcg@10"]) is { } best
            && candidateMetrics.NdcgAt10 < best.Candidate["ndcg@10"])
            decision = new GuardDecision(false,
                $"refused: the blend's NDCG@10 {candidateMetrics.NdcgAt10:F4} does not win over the best single model this cycle ({best.Kind} {best.Candidate["ndcg@10"]:F4})");
        if (!decision.Publish)
            return new(Report(kind, false, decision.Reason, eventCount, interactionCount, candidateMetrics, referenceName, referenceMetrics, null, clock),
                candidateMetrics, referenceMetrics);

        TrainedModel final;
        try
        {
            final = options.RefitOnAllData
                ? Wrap(await Task.Run(() => Step(observer, kind, CycleStep.Refit, p => fitter.Fit(kind, slice.All, current?.Model, p, ct)), ct), slice.All)
                : candidateModel;
        }
        catch (Exception ex) when (ex is DegenerateDataException or ArgumentException)
        {
            return new(Report(kind, false, $"refused: the refit on all data failed: {ex.Message}", eventCount, interactionCount,
                candidateMetrics, referenceName, referenceMetrics, null, clock), candidateMetrics, referenceMetrics);
        }
        if (!PublishGuard.IsFinite(final.Recommender))
            return new(Report(kind, false, "refused: the refit on all data has a non-finite factor or score", eventCount, interactionCount,
                candidateMetrics, referenceName, referenceMetrics, null, clock), candidateMetrics, referenceMetrics);

        observer?.Started(kind, CycleStep.Write);
        ModelManifest manifest;
        using (TrainingCycle.Activities.StartActivity($"training.write {kind}"))
            manifest = await WriteAsync(final, slice, candidateMetrics, popularity, current, referenceMetrics, eventCount, ct);
        observer?.Finished(kind, CycleStep.Write);
        return new(Report(kind, true, decision.Reason, eventCount, interactionCount, candidateMetrics, referenceName, referenceMetrics,
            manifest.Version, clock), candidateMetrics, referenceMetrics, manifest, final);
    }

    /// <summary>
    /// Scores the candidate on the held-out slice and decides. Against a published version the comparison uses only
    /// held-out tracks first seen after that version's data (<see cref="HoldoutSlice.UsersNewerThan"/>): refitted on
    /// all data, it has seen the rest of the slice, and judging it there would keep it forever. When too few held-out
    /// listens are newer (events that arrive out of event-time order: backfills, per-user imports) but the data grew
    /// since that version, the candidate is judged against popularity as a first version is, so the served model does
    /// not stay behind for good; with the same data, the version stays.
    /// </summary>
    private (string Reference, HoldoutMetrics ReferenceMetrics, HoldoutMetrics Candidate, GuardDecision Decision) Judge(
        TrainedModel candidate, bool finite, HoldoutSlice slice, HoldoutMetrics popularity, CurrentModel? current, long eventCount, CancellationToken ct)
    {
        var scored = finite ? Evaluate(candidate, slice, ct) : new HoldoutMetrics(0, 0, 0, slice.Users.Count);
        if (current is null)
            return ("popularity", popularity, scored, PublishGuard.Decide(finite, scored, popularity, "popularity", options.MinEvaluationUsers, options.GuardTolerance));

        var name = $"current {current.Version}";
        if (current.TrainedThrough is not { } through)
        {
            var reference = Evaluate(current.Model, slice, ct);
            return (name, reference, scored, PublishGuard.Decide(finite, scored, reference, name, options.MinEvaluationUsers, options.GuardTolerance));
        }
        var unseen = slice.UsersNewerThan(through);
        var onUnseen = HoldoutEvaluator.Evaluate(current.Model, unseen, options.MaxEvaluationUsers, ct);
        if (finite && unseen.Count < options.MinEvaluationUsers)
        {
            var tooFew = $"only {unseen.Count} evaluation users have held-out listens newer than {name}'s data (through {through:u}), " +
                $"{options.MinEvaluationUsers} needed to compare with it fairly";
            if (current.EventCount is not { } before || eventCount <= before)
                return (name, onUnseen, scored, new GuardDecision(false, $"refused: {tooFew}, and the data has not grown since; it stays"));
            var judged = PublishGuard.Decide(finite, scored, popularity, "popularity", options.MinEvaluationUsers, options.GuardTolerance);
            return ("popularity", popularity, scored, judged with
            {
                Reason = $"{judged.Reason} ({tooFew}; the data grew from {before:N0} to {eventCount:N0} events, so it was judged against popularity)",
            });
        }
        var candidateOnUnseen = finite ? HoldoutEvaluator.Evaluate(candidate, unseen, options.MaxEvaluationUsers, ct) : scored;
        return (name, onUnseen, scored,
            PublishGuard.Decide(finite, candidateOnUnseen, onUnseen, $"{name} on listens newer than its data", options.MinEvaluationUsers, options.GuardTolerance));
    }

    private Task<ModelManifest> WriteAsync(
        TrainedModel model, HoldoutSlice slice, HoldoutMetrics candidate, HoldoutMetrics popularity, CurrentModel? replaced,
        HoldoutMetrics referenceMetrics, long eventCount, CancellationToken ct)
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
        return TrainedModelFile.PublishAsync(store, model, offline, provenance, ct);
    }

    private static T Step<T>(ICycleObserver? observer, string kind, CycleStep step, Func<IProgress<TrainingProgress>?, T> run)
    {
        var progress = observer?.Started(kind, step);
        using var span = TrainingCycle.Activities.StartActivity($"training.{step.ToString().ToLowerInvariant()} {kind}");
        var result = run(progress);
        observer?.Finished(kind, step);
        return result;
    }

    private TrainedModel Wrap(IRecommender model, InteractionMatrix data) =>
        new(new LoadedModel(model, data.Users, data.Items), options.Weights,
            [.. data.Items.Ids.Select(id => findTrack(id) ?? new TrackInfo(0, ""))]);

    private int? DurationOf(string trackId) => findTrack(trackId) is { DurationMs: > 0 } track ? track.DurationMs : null;

    private static bool IsEmpty(HoldoutSlice slice) => slice.Train.UserCount == 0 || slice.Train.ItemCount == 0;

    private static CycleReport Report(
        string kind, bool published, string reason, long eventCount, int interactionCount, HoldoutMetrics candidate,
        string reference, HoldoutMetrics referenceMetrics, string? version, Stopwatch clock) =>
        new(kind, DateTimeOffset.UtcNow, published, reason, eventCount, interactionCount, candidate.ToDictionary(), reference,
            referenceMetrics.ToDictionary(), version, clock.Elapsed.TotalSeconds);
}
