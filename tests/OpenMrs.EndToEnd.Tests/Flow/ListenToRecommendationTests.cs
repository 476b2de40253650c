using OpenMrs.Testing;
using OpenMrs.Contracts.Events;
using OpenMrs.EndToEnd.Tests.Hosting;
using OpenMrs.EndToEnd.Tests.Support;

namespace OpenMrs.EndToEnd.Tests.Flow;

[Collection(SharedHostCollection.Name)]
public sealed class ListenToRecommendationTests(SharedHostFixture fixture)
{
    private readonly OpenMrsClient _client = new(fixture.Host.Client);

    [Fact]
    public async Task Listens_reach_the_grain_and_the_popularity_model_and_shape_the_ranked_lists()
    {
        var data = TestData.Unique("flow");
        await _client.AcceptedAsync(await _client.PostTracksAsync(data.Tracks(8)));

        // A crowd makes t0 the hottest of these tracks, t1 next, ... t5 least: a known popularity order.
        var crowd = new List<ListenEvent>();
        for (var track = 0; track < 6; track++)
            for (var listener = 0; listener < (6 - track) * 4; listener++)
                crowd.Add(data.Listen(data.User(100 + listener), data.Track(track)));
        await _client.AcceptedAsync(await _client.PostListensAsync(crowd));

        // The listener heard t0, dislikes t1 and bans t2.
        var listener0 = data.User(0);
        var own = new[]
        {
            data.Listen(listener0, data.Track(0)),
            data.Listen(listener0, data.Track(1), ListenKind.Dislike),
            data.Listen(listener0, data.Track(2), ListenKind.Ban),
        };
        await _client.AcceptedAsync(await _client.PostListensAsync(own));

        var state = await Eventually.WaitForAsync(() => _client.UserAsync(listener0), s => s.StateVersion >= own.Length);
        Assert.Equal(own.Length, state.StateVersion);
        Assert.Contains(data.Track(1), state.Dislikes);
        Assert.Contains(data.Track(2), state.Bans);

        // A listener with no history gets the popularity list: the crowd's order must show in it.
        var ours = new HashSet<string>(Enumerable.Range(0, 6).Select(data.Track));
        var stranger = data.User(999);
        var popular = await Eventually.WaitForAsync(
            async () => (await _client.RecommendationsAsync(stranger, 200)).Items.Select(i => i.TrackId).Where(ours.Contains).ToList(),
            ids => ids.Count == 6);
        var model = await _client.Http.GetStringAsync("/v1/models/current");
        var training = await _client.Http.GetStringAsync("/v1/training/status");
        var top = (await _client.RecommendationsAsync(stranger, 20)).Items.Select(i => $"{i.TrackId}:{i.Score:F1}");
        Assert.True(popular.Count == 6, $"model {model}; training {training}; stranger's top: {string.Join(", ", top)}");
        Assert.Equal(Enumerable.Range(0, 6).Select(data.Track), popular);

        // The listener's own list leaves out what was heard, disliked or banned, and keeps the rest in popularity order.
        var personal = (await _client.RecommendationsAsync(listener0, 200)).Items.Select(i => i.TrackId).Where(ours.Contains).ToList();
        Assert.Equal(Enumerable.Range(3, 3).Select(data.Track), personal);
    }
}
