using System.Net;
using System.Net.Http.Json;
using OpenMrs.Contracts.Events;
using OpenMrs.ModelStore.Formats;
using OpenMrs.Serving.GrainInterfaces.Users;
using OpenMrs.Serving.Grains.Recommendations;
using OpenMrs.Serving.Tests.Fixtures;
using OpenMrs.Testing.Planted;

namespace OpenMrs.Serving.Tests.Personal;

/// <summary>The live personal path through grains and HTTP: fold-in on every listen, personal lists, dislikes, reasons, similar tracks.</summary>
[Collection(PersonalServingHostCollection.Name)]
public sealed class PersonalRankingTests(ServingHostFixture host) : IAsyncLifetime
{
    private static readonly PlantedListenStream Stream = PersonalModels.Stream;

    public Task InitializeAsync() => PersonalModels.PublishPlantedAsync(host);

    public Task DisposeAsync() => Task.CompletedTask;

    private static ListenEvent Play(string userId, string trackId, int minute) =>
        new($"{userId}-{trackId}-{minute}", userId, trackId, new DateTimeOffset(2026, 7, 1, 12, minute, 0, TimeSpan.Zero), ListenKind.Play, 180_000);

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(4)]
    public async Task A_new_user_with_three_listens_of_one_taste_gets_that_taste_in_the_top_10(int group)
    {
        var userId = $"newcomer-{group}-{Guid.NewGuid():N}";
        var grain = host.Grains.GetGrain<IUserGrain>(userId);
        var tracks = Stream.TracksOfGroup[group];
        await grain.ApplyBatchAsync([Play(userId, tracks[3], 0), Play(userId, tracks[7], 1), Play(userId, tracks[11], 2)]);

        var list = await grain.GetRecommendationsAsync(10);

        Assert.Equal(10, list.Items.Count);
        var ownGroup = list.Items.Count(i => Stream.TrackGroup.GetValueOrDefault(i.TrackId, -1) == group);
        Assert.True(ownGroup >= 8, $"{ownGroup} of 10 from the planted taste: {string.Join(", ", list.Items.Select(i => i.TrackId))}");
        Assert.Contains("+als-", list.ModelVersion);
        Assert.Contains("+blend-", list.ModelVersion);
    }

    [Fact]
    public async Task After_a_listen_the_next_list_differs_and_equals_a_recomputation_from_scratch()
    {
        var userId = $"live-{Guid.NewGuid():N}";
        var grain = host.Grains.GetGrain<IUserGrain>(userId);
        var first = Stream.TracksOfGroup[1];
        var second = Stream.TracksOfGroup[3];
        var history = new List<ListenEvent> { Play(userId, first[0], 0), Play(userId, first[2], 1), Play(userId, first[5], 2) };
        await grain.ApplyBatchAsync(history);
        var before = await grain.GetRecommendationsAsync(10);

        var next = new[] { Play(userId, second[0], 3), Play(userId, second[1], 4), Play(userId, second[2], 5), Play(userId, second[4], 6) };
        foreach (var listen in next) await grain.ApplyAsync(listen);
        var after = await grain.GetRecommendationsAsync(10);

        Assert.NotEqual(before.Items.Select(i => i.TrackId), after.Items.Select(i => i.TrackId));
        Assert.Contains(after.Items, i => Stream.TrackGroup[i.TrackId] == 3);

        // The same events given at once to a fresh grain: the list is recomputed from scratch, fold-in included.
        var freshId = $"fresh-{Guid.NewGuid():N}";
        var fresh = host.Grains.GetGrain<IUserGrain>(freshId);
        await fresh.ApplyBatchAsync([.. history.Concat(next).Select(e => e with { UserId = freshId, EventId = "f" + e.EventId })]);
        var recomputed = await fresh.GetRecommendationsAsync(10);
        Assert.Equal(recomputed.Items.Select(i => (i.TrackId, Math.Round(i.Score, 5))), after.Items.Select(i => (i.TrackId, Math.Round(i.Score, 5))));
    }

    [Fact]
    public async Task A_disliked_track_never_comes_back_even_when_it_is_the_best_candidate()
    {
        var userId = $"dislike-{Guid.NewGuid():N}";
        var grain = host.Grains.GetGrain<IUserGrain>(userId);
        var tracks = Stream.TracksOfGroup[2];
        await grain.ApplyBatchAsync([Play(userId, tracks[1], 0), Play(userId, tracks[4], 1), Play(userId, tracks[6], 2)]);
        var best = (await grain.GetRecommendationsAsync(10)).Items[0].TrackId;

        await grain.ApplyAsync(new ListenEvent($"{userId}-dislike", userId, best, new DateTimeOffset(2026, 7, 1, 13, 0, 0, TimeSpan.Zero), ListenKind.Dislike));
        await grain.ApplyAsync(Play(userId, tracks[8], 30));

        Assert.DoesNotContain((await grain.GetRecommendationsAsync(100)).Items, i => i.TrackId == best);
        Assert.DoesNotContain((await grain.GetRecommendationsAsync(new RecommendationRequest(50, Diversity: 0.5))).Items, i => i.TrackId == best);
    }

    [Fact]
    public async Task Reasons_name_real_evidence_from_the_users_history()
    {
        var userId = $"reasons-{Guid.NewGuid():N}";
        var grain = host.Grains.GetGrain<IUserGrain>(userId);
        var tracks = Stream.TracksOfGroup[0];
        var played = new[] { tracks[0], tracks[2], tracks[9] };
        await grain.ApplyBatchAsync([.. played.Select((t, n) => Play(userId, t, n))]);

        var list = await grain.GetRecommendationsAsync(10);

        var personal = list.Items.Where(i => i.Reason.StartsWith("because you", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(personal);
        Assert.All(personal, i => Assert.Contains(i.Reason.Split(' ')[^1], played));
        Assert.All(list.Items, i => Assert.False(string.IsNullOrWhiteSpace(i.Reason)));
    }

    [Fact]
    public async Task Reasons_say_liked_or_saved_for_evidence_the_user_never_played()
    {
        var userId = $"likes-{Guid.NewGuid():N}";
        var grain = host.Grains.GetGrain<IUserGrain>(userId);
        var tracks = Stream.TracksOfGroup[2];
        ListenEvent Event(string track, ListenKind kind, int minute) => Play(userId, track, minute) with { Kind = kind, MsPlayed = null };
        var liked = new[] { tracks[0], tracks[4] };
        var saved = tracks[8];
        await grain.ApplyBatchAsync([Event(liked[0], ListenKind.Like, 0), Event(liked[1], ListenKind.Like, 1), Event(saved, ListenKind.Save, 2), Play(userId, tracks[12], 3)]);

        var list = await grain.GetRecommendationsAsync(20);

        var explained = list.Items.Select(i => i.Reason).Where(r => r.StartsWith("because you", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(explained);
        foreach (var reason in explained)
        {
            var evidence = reason.Split(' ')[^1];
            var verb = reason.Split(' ')[^2];
            var expected = liked.Contains(evidence) ? "liked" : evidence == saved ? "saved" : evidence == tracks[12] ? "played" : null;
            Assert.True(expected == verb, $"'{reason}': {evidence} was {expected ?? "not in the history"}");
        }
        Assert.Contains(explained, r => r.Contains(" liked ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Exclude_and_diversity_are_honoured_and_bad_values_are_problems()
    {
        var userId = $"http-{Guid.NewGuid():N}";
        var grain = host.Grains.GetGrain<IUserGrain>(userId);
        var tracks = Stream.TracksOfGroup[4];
        await grain.ApplyBatchAsync([Play(userId, tracks[0], 0), Play(userId, tracks[1], 1), Play(userId, tracks[2], 2)]);
        var plain = await host.Http.GetFromJsonAsync<RecommendationList>($"/v1/users/{userId}/recommendations?count=5");
        var excluded = plain!.Items.Take(2).Select(i => i.TrackId).ToList();

        var without = await host.Http.GetFromJsonAsync<RecommendationList>(
            $"/v1/users/{userId}/recommendations?count=5&diversity=0.3&exclude={string.Join(',', excluded)}");

        Assert.DoesNotContain(without!.Items, i => excluded.Contains(i.TrackId));
        Assert.Equal(5, without.Items.Count);
        foreach (var bad in new[] { "diversity=1.5", "diversity=-0.1", "count=0", "diversity=abc" })
            Assert.Equal(HttpStatusCode.BadRequest, (await host.Http.GetAsync($"/v1/users/{userId}/recommendations?{bad}")).StatusCode);
    }

    [Fact]
    public async Task A_posted_query_takes_an_exclude_list_too_long_for_a_url_and_gives_the_get_list()
    {
        var userId = $"post-{Guid.NewGuid():N}";
        var tracks = Stream.TracksOfGroup[3];
        await host.Grains.GetGrain<IUserGrain>(userId).ApplyBatchAsync([Play(userId, tracks[0], 0), Play(userId, tracks[1], 1)]);
        var plain = await host.Http.GetFromJsonAsync<RecommendationList>($"/v1/users/{userId}/recommendations?count=8");
        var excluded = plain!.Items.Take(3).Select(i => i.TrackId).ToList();
        // 1,000 ids of 100 characters: about 100 KB, twelve times what a request line may hold.
        var padding = Enumerable.Range(0, 997).Select(i => $"unheard-{i:D4}-" + new string('x', 87)).ToList();

        var posted = await host.Http.PostAsJsonAsync($"/v1/users/{userId}/recommendations", new { count = 5, diversity = 0.0, exclude = excluded.Concat(padding) });
        posted.EnsureSuccessStatusCode();
        var list = (await posted.Content.ReadFromJsonAsync<RecommendationList>())!;
        var viaGet = await host.Http.GetFromJsonAsync<RecommendationList>($"/v1/users/{userId}/recommendations?count=5&diversity=0&exclude={string.Join(',', excluded)}");

        Assert.DoesNotContain(list.Items, i => excluded.Contains(i.TrackId));
        Assert.Equal(plain.Items.Skip(3).Take(5).Select(i => i.TrackId), list.Items.Select(i => i.TrackId));
        Assert.Equal(viaGet!.Items.Select(i => i.TrackId), list.Items.Select(i => i.TrackId));

        object[] bad =
        [
            new { exclude = padding.Concat(excluded).Append("one-too-many") },
            new { exclude = new[] { "ok", "" } },
            new { exclude = new[] { new string('y', 129) } },
            new { count = 0 },
            new { diversity = 2.0 },
        ];
        foreach (var body in bad)
        {
            var response = await host.Http.PostAsJsonAsync($"/v1/users/{userId}/recommendations", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.ToString());
        }
    }

    [Fact]
    public async Task Similar_tracks_by_cf_come_from_the_same_taste_and_unknown_tracks_are_404()
    {
        var track = Stream.TracksOfGroup[3][0];
        var similar = await host.Http.GetFromJsonAsync<SimilarTracksList>($"/v1/tracks/{track}/similar?count=10&by=cf");

        Assert.Equal(10, similar!.Items.Count);
        Assert.True(similar.Items.Count(i => Stream.TrackGroup[i.TrackId] == 3) >= 8);
        Assert.DoesNotContain(similar.Items, i => i.TrackId == track);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync("/v1/tracks/no-such-track/similar?by=cf")).StatusCode);
        foreach (var bad in new[] { "colour", "cf,audio", "1", "" })
            Assert.Equal(HttpStatusCode.BadRequest, (await host.Http.GetAsync($"/v1/tracks/{track}/similar?by={bad}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync($"/v1/tracks/{track}/similar?by=CF")).StatusCode);
    }
}
