using OpenMrs.Contracts;
using OpenMrs.Contracts.Events;
using OpenMrs.Messaging;
using OpenMrs.Serving.GrainInterfaces.Users;
using OpenMrs.Serving.Grains.Consumers;
using OpenMrs.Serving.Tests.Fixtures;

namespace OpenMrs.Serving.Tests.Consumers;

[Collection(ServingHostCollection.Name)]
public class ListenRoutingHandlerTests(ServingHostFixture host)
{
    private static ConsumedEvent<ListenEvent> Message(ListenEvent listen, long offset) =>
        new(Topics.Listens, listen.UserId, listen, 0, offset, DateTimeOffset.UtcNow);

    [Fact]
    public async Task A_batch_applies_the_events_before_a_bad_one_and_names_the_bad_one()
    {
        var userId = TestData.NewUserId();
        var handler = new ListenRoutingHandler(host.Grains);
        var batch = new[]
        {
            Message(TestData.Listen(userId, "first"), 0),
            Message(TestData.Listen(userId, "second", minute: 1), 1),
            Message(TestData.Listen(userId, "", minute: 2), 2),
            Message(TestData.Listen(userId, "after", minute: 3), 3),
        };

        var failure = await Assert.ThrowsAsync<PermanentEventFailure>(() => handler.HandleBatchAsync(batch, CancellationToken.None));

        Assert.Equal(2, failure.MessageIndex);
        var snapshot = await host.Grains.GetGrain<IUserGrain>(userId).GetSnapshotAsync();
        Assert.Equal(["second", "first"], snapshot.RecentHistory);
    }
}
