using OpenMrs.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;
using OpenMrs.Serving.GrainInterfaces.Users;
using OpenMrs.Serving.Grains.State;
using OpenMrs.Serving.Grains.Users;
using OpenMrs.Serving.Tests.Fixtures;

namespace OpenMrs.Serving.Tests.Grains;

/// <summary>Coalesced writes, read back from the grain storage provider itself (the fixture writes after 5 events or 1 s).</summary>
[Collection(ServingHostCollection.Name)]
public class UserStateWriteTests(ServingHostFixture host)
{
    private IGrainStorage Storage => host.Services.GetRequiredKeyedService<IGrainStorage>(UserStateStorage.ProviderName);

    private async Task<long> StoredStateVersionAsync(string userId)
    {
        var state = new GrainState<UserListeningState>(new UserListeningState());
        await Storage.ReadStateAsync(UserStateStorage.StateName, GrainId.Create("user", userId), state);
        return state.State?.StateVersion ?? 0; // nothing stored yet reads as version 0
    }

    [Fact]
    public async Task A_full_batch_is_written_before_the_call_returns()
    {
        var userId = TestData.NewUserId();
        await host.Grains.GetGrain<IUserGrain>(userId).ApplyBatchAsync(
            Enumerable.Range(0, 5).Select(i => TestData.Listen(userId, $"w{i}", minute: i)).ToList());

        Assert.Equal(5, await StoredStateVersionAsync(userId));
    }

    [Fact]
    public async Task A_partial_batch_is_written_by_the_timer()
    {
        var userId = TestData.NewUserId();
        await host.Grains.GetGrain<IUserGrain>(userId).ApplyAsync(TestData.Listen(userId, "lonely"));

        var stored = await Eventually.WaitForAsync(() => StoredStateVersionAsync(userId), version => version == 1);
        Assert.Equal(1, stored);
    }
}
