using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using OpenMrs.Contracts.Events;
using OpenMrs.Serving.GrainInterfaces.Users;
using OpenMrs.Serving.Tests.Fixtures;

namespace OpenMrs.Serving.Tests.Grains;

[Collection(ServingHostCollection.Name)]
public class UserGrainTests(ServingHostFixture host)
{
    [Fact]
    public async Task A_repeated_event_id_is_applied_once()
    {
        var userId = TestData.NewUserId();
        var grain = host.Grains.GetGrain<IUserGrain>(userId);
        var listen = TestData.Listen(userId, "t-dup");

        var first = await grain.ApplyAsync(listen);
        var second = await grain.ApplyAsync(listen);

        Assert.Equal(1, first.Applied);
        Assert.Equal(0, second.Applied);
        Assert.Equal(first.StateVersion, second.StateVersion);
        var snapshot = await grain.GetSnapshotAsync();
        Assert.Equal(1, snapshot.TrackCounts["t-dup"].Plays);
        Assert.Equal(["t-dup"], snapshot.RecentHistory);
    }

    [Fact]
    public async Task A_user_grain_reference_by_user_id_is_the_one_GetGrain_gives()
    {
        var userId = TestData.NewUserId();
        await host.Grains.UserGrain(userId).ApplyAsync(TestData.Listen(userId, "t-ref"));

        foreach (var id in new[] { userId, TestData.NewUserId(), "ünïcode user/with:separators" })
        {
            var resolved = host.Grains.UserGrain(id);
            var reference = host.Grains.GetGrain<IUserGrain>(id);
            Assert.Equal(reference.GetGrainId(), resolved.GetGrainId());
            Assert.Equal(((GrainReference)reference).InterfaceType, ((GrainReference)resolved).InterfaceType);
            Assert.Equal(reference, resolved);
        }
        Assert.Equal(["t-ref"], (await host.Grains.UserGrain(userId).GetSnapshotAsync()).RecentHistory);
    }

    [Fact]
    public void Listens_are_shared_not_copied_between_caller_and_grain_in_one_silo()
    {
        var listen = TestData.Listen("u", "t");
        var copier = host.Services.GetRequiredService<Orleans.Serialization.DeepCopier>();

        Assert.Same(listen, copier.Copy(listen));
        var batch = copier.Copy(new List<ListenEvent> { listen });
        Assert.Same(listen, Assert.Single(batch));
    }

    [Fact]
    public async Task The_state_version_increments_once_per_applied_event()
    {
        var userId = TestData.NewUserId();
        var grain = host.Grains.GetGrain<IUserGrain>(userId);
        Assert.Equal(0, (await grain.GetSnapshotAsync()).StateVersion);

        var kinds = new[] { ListenKind.Play, ListenKind.Skip, ListenKind.Like, ListenKind.Save, ListenKind.Dislike, ListenKind.Ban };
        var result = await grain.ApplyBatchAsync(kinds.Select((k, i) => TestData.Listen(userId, $"t{i}", k, minute: i)).ToList());

        Assert.Equal(kinds.Length, result.Applied);
        Assert.Equal(kinds.Length, result.StateVersion);
        var snapshot = await grain.GetSnapshotAsync();
        Assert.Equal(kinds.Length, snapshot.StateVersion);
        Assert.Equal(["t1", "t0"], snapshot.RecentHistory);
        Assert.Equal(["t2"], snapshot.Likes);
        Assert.Equal(["t4"], snapshot.Dislikes);
        Assert.Equal(["t5"], snapshot.Bans);
    }

    [Fact]
    public async Task An_event_for_another_user_is_rejected()
    {
        var grain = host.Grains.GetGrain<IUserGrain>(TestData.NewUserId());
        await Assert.ThrowsAsync<ArgumentException>(() => grain.ApplyAsync(TestData.Listen("someone-else", "t")));
    }

    [Fact]
    public async Task State_and_its_memory_of_event_ids_survive_deactivation()
    {
        var userId = TestData.NewUserId();
        var grain = host.Grains.GetGrain<IUserGrain>(userId);
        var first = TestData.Listen(userId, "a");
        // Fewer events than the write threshold: only the deactivation flush writes them.
        await grain.ApplyBatchAsync([first, TestData.Listen(userId, "b", minute: 1)]);
        var before = await grain.GetSnapshotAsync();

        await host.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var after = await WaitForReactivatedSnapshotAsync(grain, before.StateVersion);

        Assert.Equal(before.StateVersion, after.StateVersion);
        Assert.Equal(before.RecentHistory, after.RecentHistory);
        var redelivered = await grain.ApplyAsync(first);
        Assert.Equal(0, redelivered.Applied);
        Assert.Equal(before.StateVersion, redelivered.StateVersion);
    }

    [Fact]
    public async Task Late_events_are_placed_by_time_before_and_after_deactivation()
    {
        var userId = TestData.NewUserId();
        var grain = host.Grains.GetGrain<IUserGrain>(userId);
        await grain.ApplyBatchAsync([TestData.Listen(userId, "a", minute: 0), TestData.Listen(userId, "c", minute: 20), TestData.Listen(userId, "b", minute: 10)]);
        var before = await grain.GetSnapshotAsync();
        Assert.Equal(["c", "b", "a"], before.RecentHistory);

        await host.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await WaitForReactivatedSnapshotAsync(grain, before.StateVersion);
        await grain.ApplyAsync(TestData.Listen(userId, "late", minute: 5));

        var after = await grain.GetSnapshotAsync();
        Assert.Equal(["c", "b", "late", "a"], after.RecentHistory);
        Assert.Equal(["a", "late", "b", "c"], after.CurrentSession!.Tracks);
        Assert.Equal(1, after.CurrentSession.SessionNumber);
    }

    private static async Task<UserSnapshot> WaitForReactivatedSnapshotAsync(IUserGrain grain, long expectedVersion)
    {
        // Deactivation completes asynchronously; a call right after may still reach the old activation, which is fine.
        UserSnapshot snapshot = await grain.GetSnapshotAsync();
        for (var i = 0; i < 20 && snapshot.StateVersion != expectedVersion; i++)
        {
            await Task.Delay(100);
            snapshot = await grain.GetSnapshotAsync();
        }
        return snapshot;
    }
}
