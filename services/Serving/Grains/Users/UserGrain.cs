using Orleans.Runtime;
using Microsoft.Extensions.Options;
using OpenMrs.Contracts.Events;
using OpenMrs.Serving.GrainInterfaces.Users;
using OpenMrs.Serving.Grains.Hosting;
using OpenMrs.Serving.Grains.Ranking;
using OpenMrs.Serving.Grains.Recommendations;
using OpenMrs.Serving.Grains.State;
using OpenMrs.Serving.Grains.Telemetry;

namespace OpenMrs.Serving.Grains.Users;

/// <summary>
/// One user's live state and ranked lists. State writes are coalesced: after
/// <see cref="ServingOptions.StateWriteAfterEvents"/> applied events, at least every
/// <see cref="ServingOptions.StateWriteDelay"/> while changes are pending, and on deactivation. A silo crash can
/// therefore lose the unwritten tail, whose offsets Kafka may already have committed; see the Serving README
/// ("State durability") for why that is accepted and how state is rebuilt.
/// </summary>
public sealed class UserGrain(
    [PersistentState(UserStateStorage.StateName, UserStateStorage.ProviderName)] IPersistentState<UserListeningState> state,
    CachedRecommender recommender,
    ServingMetrics metrics,
    IOptions<ServingOptions> options) : Grain, IUserGrain
{
    private int _unwrittenEvents;
    private IGrainTimer? _writeTimer;

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        FlushAsync(cancellationToken);

    public Task<ApplyResult> ApplyAsync(ListenEvent listen) => ApplyBatchAsync([listen]);

    public async Task<ApplyResult> ApplyBatchAsync(IReadOnlyList<ListenEvent> listens)
    {
        var userId = this.GetPrimaryKeyString();
        // Validate the whole batch first, so a bad batch changes nothing.
        if (listens.FirstOrDefault(l => l.UserId != userId) is { } foreign)
            throw new ArgumentException($"event {foreign.EventId} belongs to user '{foreign.UserId}', not '{userId}'");
        var applied = listens.Count(state.State.Apply);

        metrics.EventsApplied.Add(applied);
        metrics.DuplicatesIgnored.Add(listens.Count - applied);
        _unwrittenEvents += applied;
        if (_unwrittenEvents >= options.Value.StateWriteAfterEvents) await FlushAsync(CancellationToken.None);
        else if (_unwrittenEvents > 0) ScheduleFlush();
        return new ApplyResult(state.State.StateVersion, applied);
    }

    public Task<UserSnapshot> GetSnapshotAsync() => Task.FromResult(state.State.ToSnapshot(this.GetPrimaryKeyString()));

    public Task<RecommendationList> GetRecommendationsAsync(int count)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "count must be at least 1");
        var userId = this.GetPrimaryKeyString();
        var current = state.State;
        return recommender.RecommendAsync(userId, current.StateVersion, count, () => new UserProfile(
            userId,
            current.KnownTracks(),
            current.Dislikes.Keys.ToHashSet(StringComparer.Ordinal),
            current.Bans.Keys.ToHashSet(StringComparer.Ordinal)));
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
