using System.Diagnostics;
using Orleans.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenMrs.Contracts.Events;
using OpenMrs.Recommender.Models.Factorization;
using OpenMrs.Serving.GrainInterfaces.Users;
using OpenMrs.Serving.Grains.Caching;
using OpenMrs.Serving.Grains.Experiments;
using OpenMrs.Serving.Grains.Hosting;
using OpenMrs.Serving.Grains.Models;
using OpenMrs.Serving.Grains.Personalization;
using OpenMrs.Serving.Grains.Ranking;
using OpenMrs.Serving.Grains.Recommendations;
using OpenMrs.Serving.Grains.State;
using OpenMrs.Serving.Grains.Telemetry;

namespace OpenMrs.Serving.Grains.Users;

/// <summary>
/// One user's live state, fold-in vector and ranked lists. The vector is recomputed against the current personal
/// model after every applied batch, so the next request reflects it, and lazily after a model swap; it is not stored
/// (the state it comes from is). The fold-in's normal equations stay in memory between events, so a listen costs a
/// rank-one update for its track and one k×k solve rather than a pass over the whole history. State writes are coalesced: after <see cref="ServingOptions.StateWriteAfterEvents"/>
/// applied events, at least every <see cref="ServingOptions.StateWriteDelay"/> while changes are pending, and on
/// deactivation. A silo crash can therefore lose the unwritten tail, whose offsets Kafka may already have committed;
/// see the Serving README ("State durability") for why that is accepted and how state is rebuilt.
/// </summary>
public sealed class UserGrain(
    [PersistentState(UserStateStorage.StateName, UserStateStorage.ProviderName)] IPersistentState<UserListeningState> state,
    CachedRecommender recommender,
    VariantAssigner variants,
    VariantModels variantModels,
    ServingMetrics metrics,
    IOptions<ServingOptions> options,
    ILogger<UserGrain> logger) : Grain, IUserGrain
{
    /// <summary>Recent positive tracks a profile carries (anchors of item neighbours, evidence for reasons).</summary>
    public const int ProfileRecentTracks = 100;

    private int _unwrittenEvents;
    // Which lists were asked at the current state version, so a list no other silo can hold is ranked without a Redis read.
    private ListsAskedHere? _listsAskedHere;
    // The grain id's text, read once: Orleans keeps the key as UTF-8 and decodes a new string on every read, and cache keys hold it.
    private string? _userId;
    private IGrainTimer? _writeTimer;
    private FoldedVector? _vector;
    // The fold-in's normal equations (k² doubles), so an applied listen costs a rank-one update and one solve.
    private FoldInSystem? _foldIn;

    /// <summary>Records the state version read from storage (Orleans loads the state before activation), for <see cref="ListsAskedHere"/>.</summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _listsAskedHere = new ListsAskedHere(state.State.StateVersion);
        return Task.CompletedTask;
    }

    /// <summary>Writes pending events; a failure (storage gone, as at shutdown) is one warning line, not a stack trace:
    /// the events stay in Kafka and the state is rebuilt as the Serving README's "State durability" describes.</summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        var pending = _unwrittenEvents;
        try
        {
            await FlushAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning("User {UserId}: {Pending} applied events were not written on deactivation ({Reason}): {Error}",
                UserId, pending, reason.ReasonCode, e.Message);
        }
    }

    public Task<ApplyResult> ApplyAsync(ListenEvent listen) => ApplyBatchAsync([listen]);

    public async Task<ApplyResult> ApplyBatchAsync(IReadOnlyList<ListenEvent> listens)
    {
        var userId = UserId;
        // Validate the whole batch first, so a bad batch changes nothing.
        if (listens.FirstOrDefault(l => l.UserId != userId) is { } foreign)
            throw new ArgumentException($"event {foreign.EventId} belongs to user '{foreign.UserId}', not '{userId}'");
        // Only the batch's own tracks change their feedback, unless a bounded map evicts; then the whole history is read.
        var changed = _vector?.StateVersion == state.State.StateVersion && !state.State.CouldEvict(listens.Count)
            ? listens.Select(l => l.TrackId).Distinct(StringComparer.Ordinal).ToArray()
            : null;
        var applied = listens.Count(state.State.Apply);

        metrics.EventsApplied.Add(applied);
        metrics.DuplicatesIgnored.Add(listens.Count - applied);
        // Fold in against the models this user's variant ranks with, so the next request finds the vector ready.
        if (applied > 0 && variantModels.For(variants.Assign(userId)) is { } model) VectorFor(model, changed);
        _unwrittenEvents += applied;
        if (_unwrittenEvents >= options.Value.StateWriteAfterEvents) await FlushAsync(CancellationToken.None);
        else if (_unwrittenEvents > 0) ScheduleFlush();
        return new ApplyResult(state.State.StateVersion, applied);
    }

    public Task<UserSnapshot> GetSnapshotAsync() => Task.FromResult(state.State.ToSnapshot(UserId));

    public Task<RecommendationList> GetRecommendationsAsync(RecommendationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Count < 1) throw new ArgumentOutOfRangeException(nameof(request), request.Count, "count must be at least 1");
        if (request.Diversity is < 0 or > 1 || request.Diversity is { } d && double.IsNaN(d))
            throw new ArgumentOutOfRangeException(nameof(request), request.Diversity, "diversity must lie in [0, 1]");
        var userId = UserId;
        var arm = variants.Assign(userId);
        var diversity = request.Diversity ?? arm?.Diversity ?? options.Value.DefaultDiversity;
        var current = state.State;
        return recommender.RecommendAsync(userId, current.StateVersion, request, diversity, arm,
            model => current.ToProfile(userId, model, VectorFor(model), options.Value.HeardWindow, ProfileRecentTracks), _listsAskedHere);
    }

    private string UserId => _userId ??= this.GetPrimaryKeyString();

    /// <summary>The fold-in vector for this state under <paramref name="model"/>'s personal part, recomputed when either moved on.</summary>
    /// <param name="changedTracks">The only tracks whose feedback changed since the kept vector's state, when known.</param>
    private float[]? VectorFor(ServingModel model, IReadOnlyCollection<string>? changedTracks = null)
    {
        if (model.Personal is not { } personal) return null;
        var stateVersion = state.State.StateVersion;
        if (_vector is { } known && known.ModelVersion == personal.Version && known.StateVersion == stateVersion) return known.Vector;
        var started = Stopwatch.GetTimestamp();
        (var vector, _foldIn) = UserFoldIn.Compute(personal, state.State, _foldIn, changedTracks);
        metrics.FoldIns.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        _vector = new FoldedVector(personal.Version, stateVersion, vector);
        return vector;
    }

    /// <summary>A one-shot timer per pending batch, so idle grains carry no timer at all.</summary>
    private void ScheduleFlush()
    {
        // The timer's own token is cancelled when the timer is disposed, so the write does not use it.
        _writeTimer ??= this.RegisterGrainTimer(
            _ => FlushAsync(CancellationToken.None),
            new GrainTimerCreationOptions(options.Value.StateWriteDelay, Timeout.InfiniteTimeSpan));
    }

    private void CancelScheduledFlush()
    {
        _writeTimer?.Dispose();
        _writeTimer = null;
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        var writing = _unwrittenEvents;
        if (writing > 0)
        {
            try
            {
                await state.WriteStateAsync(cancellationToken);
            }
            catch when (!cancellationToken.IsCancellationRequested)
            {
                // Storage is unavailable: keep the events pending and try again later.
                CancelScheduledFlush();
                ScheduleFlush();
                throw;
            }
            _unwrittenEvents -= writing;
            metrics.StateWrites.Add(1);
        }
        CancelScheduledFlush();
    }
}
