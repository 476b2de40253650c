using System.Net;
using System.Net.Http.Json;
using OpenMrs.Contracts;
using OpenMrs.Contracts.Events;
using OpenMrs.ModelStore.Formats;
using OpenMrs.Serving.GrainInterfaces.Users;
using OpenMrs.Serving.Grains.Recommendations;
using OpenMrs.Serving.Tests.Fixtures;
using OpenMrs.Testing;

namespace OpenMrs.Serving.Tests.Content;

/// <summary>
/// Sound through the whole path: embeddings published on <c>track-features</c> (the embedded Kafka) reach the audio
/// neighbour index; similar tracks <c>by=audio</c> and a listener's audio candidates come from the planted sound
/// groups, a newly published embedding counts at once, and a track without one is unknown.
/// </summary>
[Collection(AudioServingHostCollection.Name)]
public sealed class AudioNeighbourHttpTests(ServingHostFixture host) : IAsyncLifetime
{
    private const int Dimensions = 16, Groups = 3, TracksPerGroup = 8;
    private static readonly float[][] Centres = PlantedCentres();

    public async Task InitializeAsync()
    {
        await host.PublishModelAsync(new PopularityModel(Enumerable.Range(0, 30).Select(i => new PopularTrack($"pop-{i}", 100 - i, $"pop-artist-{i}"))));
        var random = new Random(2);
        for (var group = 0; group < Groups; group++)
            for (var n = 0; n < TracksPerGroup; n++)
                await PublishAsync(SoundId(group, n), Around(Centres[group], random, 0.1f));
        await Eventually.WaitForAsync(() => host.Http.GetAsync($"/v1/tracks/{SoundId(Groups - 1, TracksPerGroup - 1)}/similar?by=audio"),
            response => response.StatusCode == HttpStatusCode.OK);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Similar_by_audio_comes_from_the_same_sound_and_names_it()
    {
        var similar = await host.Http.GetFromJsonAsync<SimilarTracksList>($"/v1/tracks/{SoundId(1, 0)}/similar?count=5&by=audio");

        Assert.Equal(5, similar!.Items.Count);
        Assert.All(similar.Items, i => Assert.StartsWith("sound-1-", i.TrackId));
        Assert.DoesNotContain(similar.Items, i => i.TrackId == SoundId(1, 0));
        Assert.All(similar.Items, i => Assert.Equal($"similar in sound to {SoundId(1, 0)}", i.Reason));
        Assert.Equal(similar.Items.OrderByDescending(i => i.Score).Select(i => i.TrackId), similar.Items.Select(i => i.TrackId));
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync("/v1/tracks/pop-3/similar?by=audio")).StatusCode);
    }

    [Fact]
    public async Task A_new_embedding_is_a_neighbour_from_the_next_request()
    {
        var anchor = SoundId(2, 0);
        var twin = $"sound-2-twin-{Guid.NewGuid():N}";
        await PublishAsync(twin, Around(Centres[2], new Random(3), 0.001f));

        var similar = await Eventually.WaitForAsync(() => host.Http.GetFromJsonAsync<SimilarTracksList>($"/v1/tracks/{anchor}/similar?count=3&by=audio"),
            list => list!.Items.Any(i => i.TrackId == twin));

        Assert.Contains(similar!.Items, i => i.TrackId == twin);
    }

    [Fact]
    public async Task A_listener_gets_tracks_that_sound_like_their_listens_with_that_reason()
    {
        var userId = $"listener-{Guid.NewGuid():N}";
        var grain = host.Grains.GetGrain<IUserGrain>(userId);
        var heard = new[] { SoundId(0, 0), SoundId(0, 1) };
        await grain.ApplyBatchAsync([.. heard.Select((track, minute) => new ListenEvent($"{userId}-{minute}", userId, track,
            new DateTimeOffset(2026, 7, 1, 12, minute, 0, TimeSpan.Zero), ListenKind.Play, 180_000))]);

        var list = await host.Http.GetFromJsonAsync<RecommendationList>($"/v1/users/{userId}/recommendations?count=10");

        var bySound = list!.Items.Where(i => i.Reason.StartsWith("similar in sound to ", StringComparison.Ordinal)).ToList();
        Assert.Equal(TracksPerGroup - heard.Length, bySound.Count);
        Assert.All(bySound, i => Assert.StartsWith("sound-0-", i.TrackId));
        Assert.All(bySound, i => Assert.Contains(i.Reason["similar in sound to ".Length..], heard));
        Assert.DoesNotContain(list.Items, i => heard.Contains(i.TrackId));
        Assert.Equal(bySound, list.Items.Take(bySound.Count));
    }

    private Task PublishAsync(string trackId, float[] embedding) =>
        host.Publisher.PublishAsync(Topics.TrackFeatures, trackId,
            new TrackFeatures(trackId, new TrackDescriptors(180, -14, -16), embedding, "test", "planted", DateTimeOffset.UtcNow));

    private static string SoundId(int group, int n) => $"sound-{group}-{n}";

    private static float[][] PlantedCentres()
    {
        // Orthogonal directions: tracks of one group sound alike, and unlike every other group.
        return [.. Enumerable.Range(0, Groups).Select(g => Enumerable.Range(0, Dimensions).Select(d => d % Groups == g ? 1f : 0f).ToArray())];
    }

    private static float[] Around(float[] centre, Random random, float noise) =>
        [.. centre.Select(c => c + (float)(random.NextDouble() - 0.5) * noise)];
}

/// <summary>A host of its own for the audio tests, whose embeddings would otherwise reach the other hosts' users.</summary>
[CollectionDefinition(Name)]
public sealed class AudioServingHostCollection : ICollectionFixture<ServingHostFixture>
{
    public const string Name = "audio serving host";
}
