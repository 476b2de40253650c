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

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var delay = options.Value.StateWriteDelay;
        _writeTimer = this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions(delay, delay));
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _writeTimer?.Dispose();
        await FlushAsync(cancellationToken);
    }

    public Task<ApplyResult> ApplyAsync(ListenEvent listen) => ApplyBatchAsync([listen]);

    public async Task<ApplyResult> ApplyBatchAsync(IReadOnlyList<ListenEvent> listens)
    {
        var userId = this.GetPrimaryKeyString();
        var applied = 0;
        foreach (var listen in listens)
        {
            if (listen.UserId != userId)
                throw new ArgumentException($"event {listen.EventId} belongs to user '{listen.UserId}', not '{userId}'");
            if (state.State.Apply(listen)) applied++;
        }

        metrics.EventsApplied.Add(applied);
        metrics.DuplicatesIgnored.Add(listens.Count - applied);
        _unwrittenEvents += applied;
        if (_unwrittenEvents >= options.Value.StateWriteAfterEvents) await FlushAsync(CancellationToken.None);
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

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_unwrittenEvents == 0) return;
        await state.WriteStateAsync(cancellationToken);
        _unwrittenEvents = 0;
        metrics.StateWrites.Add(1);
    }
}
