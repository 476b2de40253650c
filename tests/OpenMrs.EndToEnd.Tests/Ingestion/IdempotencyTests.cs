using OpenMrs.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenMrs.Contracts;
using OpenMrs.Contracts.Events;
using OpenMrs.EndToEnd.Tests.Hosting;
using OpenMrs.EndToEnd.Tests.Support;
using OpenMrs.Messaging;

namespace OpenMrs.EndToEnd.Tests.Ingestion;

[Collection(SharedHostCollection.Name)]
public sealed class IdempotencyTests(SharedHostFixture fixture)
{
    private readonly OpenMrsClient _client = new(fixture.Host.Client);

    [Fact]
    public async Task The_same_batch_posted_twice_or_redelivered_counts_once_in_the_grain_and_the_popularity_model()
    {
        var data = TestData.Unique("idem");
        await _client.AcceptedAsync(await _client.PostTracksAsync(data.Tracks(3)));
        var user = data.User(0);
        var (trackA, trackB, sentinelTrack) = (data.Track(0), data.Track(1), data.Track(2));

        // One user, so every event lands on one partition in this order: A ×10, B ×15, A's batch again, a sentinel.
        var batchA = Enumerable.Range(0, 10).Select(_ => data.Listen(user, trackA)).ToList();
        var batchB = Enumerable.Range(0, 15).Select(_ => data.Listen(user, trackB)).ToList();

        var first = await _client.AcceptedAsync(await _client.PostListensAsync(batchA));
        await _client.AcceptedAsync(await _client.PostListensAsync(batchB));
        var second = await _client.AcceptedAsync(await _client.PostListensAsync(batchA));
        var withinBatch = await _client.AcceptedAsync(await _client.PostListensAsync([batchB[0], batchB[0]]));
        Assert.Equal((10, 0), (first.Accepted, first.Duplicates));
        Assert.Equal((0, 10), (second.Accepted, second.Duplicates));
        Assert.Equal((0, 2), (withinBatch.Accepted, withinBatch.Duplicates));

        // At-least-once redelivery past the edge: the consumers must absorb it too.
        var publisher = fixture.Host.Services.GetRequiredService<IEventPublisher>();
        foreach (var listen in batchA) await publisher.PublishAsync(Topics.Listens, listen.UserId, listen);
        await _client.AcceptedAsync(await _client.PostListensAsync([data.Listen(user, sentinelTrack)]));

        var state = await Eventually.WaitForAsync(() => _client.UserAsync(user), s => s.StateVersion >= 26);
        Assert.Equal(26, state.StateVersion);
        Assert.Equal(10, state.TrackCounts[trackA].Plays);
        Assert.Equal(15, state.TrackCounts[trackB].Plays);

        // Counted once, A (10) ranks below B (15); counted twice or three times it would rank above.
        var ours = new HashSet<string> { trackA, trackB, sentinelTrack };
        var popular = await Eventually.WaitForAsync(
            async () => (await _client.RecommendationsAsync(data.User(999), 200)).Items.Select(i => i.TrackId).Where(ours.Contains).ToList(),
            ids => ids.Contains(sentinelTrack));
        Assert.Equal([trackB, trackA, sentinelTrack], popular);
    }
}
