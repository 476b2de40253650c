using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenMrs.Contracts.Events;
using OpenMrs.ModelStore.Formats;
using OpenMrs.Serving.Grains.Content;
using OpenMrs.Serving.Grains.Continuation;
using OpenMrs.Serving.Grains.Models;
using OpenMrs.Serving.Tests.Fixtures;
using OpenMrs.Testing.Planted;

namespace OpenMrs.Serving.Tests.Continuation;

/// <summary>
/// <c>POST /v1/playlists/continue</c> on a host with the planted WALS and RP3β models, descriptors fed straight into
/// the store: 40 candidates get random keys and tempos, one gets a zero tempo, the rest none.
/// </summary>
[Collection(ContinuationServingHostCollection.Name)]
public sealed class PlaylistContinuationTests(ServingHostFixture host) : IAsyncLifetime
{
    private const int Described = 40;
    private static readonly PlantedListenStream Stream = PersonalModels.Stream;
    private static readonly string[] Seeds = [Stream.TracksOfGroup[2][0], Stream.TracksOfGroup[2][3], Stream.TracksOfGroup[2][5]];

    private TrackDescriptorStore Store => host.Services.GetRequiredService<TrackDescriptorStore>();

    public async Task InitializeAsync()
    {
        await PersonalModels.PublishPlantedAsync(host);
        var random = new Random(5);
        foreach (var seed in Seeds) Store.Upsert(seed, RandomDescriptors(random));
        var candidates = Candidates();
        foreach (var c in candidates.Skip(1).Take(Described)) Store.Upsert(c.TrackId, RandomDescriptors(random));
        // the top candidate sounds exactly like the last seed, in the same key, but its tempo is unknown (0)
        Store.Upsert(candidates[0].TrackId, Store.TryGet(Seeds[^1], out var last) ? last with { TempoBpm = 0 } : null);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private IReadOnlyList<ContinuationCandidate> Candidates() =>
        ContinuationCandidates.For(host.CurrentModel.Current!, Seeds, new ContinuationOptions().CandidatePool);

    private static TrackDescriptors RandomDescriptors(Random random) => new(
        DurationSeconds: 180, LoudnessDb: -20 + 10 * random.NextDouble(), RmsLoudnessDb: -20, TempoBpm: 70 + 100 * random.NextDouble(),
        Key: random.Next(12), Mode: random.Next(2), Energy: random.NextDouble(), SpectralCentroidHz: 1000 + 2000 * random.NextDouble());

    private async Task<PlaylistContinuationList> ContinueAsync(int length)
    {
        var response = await host.Http.PostAsJsonAsync("/v1/playlists/continue", new { seedTrackIds = Seeds, length });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<PlaylistContinuationList>())!;
    }

    private double Smoothness(IEnumerable<string> order) => TransitionSmoothness.Of(Store, Seeds[^1], order);

    [Fact]
    public async Task The_continuation_is_smoother_than_random_orders_of_the_same_tracks()
    {
        var list = await ContinueAsync(20);

        Assert.Equal(20, list.Items.Count);
        Assert.DoesNotContain(list.Items, i => Seeds.Contains(i.TrackId));
        Assert.All(list.Items, i => Assert.StartsWith($"smooth next step from ", i.Reason));
        Assert.Equal(list.Items[0].Reason.Split(':')[0], $"smooth next step from {Seeds[^1]}");
        var chosen = Smoothness(list.Items.Select(i => i.TrackId));
        var random = new Random(9);
        var shuffled = Enumerable.Range(0, 50).Average(_ => Smoothness(list.Items.Select(i => i.TrackId).OrderBy(_ => random.Next())));
        Assert.True(chosen > shuffled + 0.5, $"mean keysim + temposim per step: chosen {chosen:F2}, random orders {shuffled:F2}");
    }

    [Fact]
    public async Task A_zero_tempo_track_never_wins_over_a_known_one_and_undescribed_tracks_come_last()
    {
        var list = await ContinueAsync(Described + 5);
        var zeroTempo = Candidates()[0].TrackId;

        Assert.Equal(Described + 5, list.Items.Count);
        Assert.All(list.Items.Take(Described), i => Assert.True(Store.TryGet(i.TrackId, out var d) && d.TempoBpm > 0, $"{i.TrackId} came before a known track"));
        Assert.Equal(zeroTempo, list.Items[Described].TrackId);
        // Reasons name only what is known: the zero-tempo track's names its key but no tempo, and nothing reads "?".
        Assert.Contains("key ", list.Items[Described].Reason);
        Assert.DoesNotContain("BPM", list.Items[Described].Reason);
        Assert.All(list.Items, i => Assert.DoesNotContain("?", i.Reason));
        Assert.Contains("BPM", list.Items[0].Reason);
        Assert.All(list.Items.Skip(Described + 1), i =>
        {
            Assert.False(Store.TryGet(i.TrackId, out _));
            Assert.Null(i.Cost);
            Assert.StartsWith("no audio descriptors yet", i.Reason);
        });
    }

    [Fact]
    public async Task Bad_requests_get_problem_details()
    {
        var unknown = await host.Http.PostAsJsonAsync("/v1/playlists/continue", new { seedTrackIds = new[] { Seeds[0], "no-such-track" }, length = 5 });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("no-such-track", await unknown.Content.ReadAsStringAsync());

        foreach (var body in new object[] { new { seedTrackIds = Array.Empty<string>(), length = 5 }, new { seedTrackIds = Seeds, length = 0 }, new { seedTrackIds = Seeds, length = 101 } })
        {
            var response = await host.Http.PostAsJsonAsync("/v1/playlists/continue", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("application/problem+json", response.Content.Headers.ContentType?.ToString());
        }
        // A body that does not read names where, without .NET type names.
        var mistyped = await host.Http.PostAsync("/v1/playlists/continue",
            new StringContent("""{"seedTrackIds":"one","length":5}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, mistyped.StatusCode);
        var problem = System.Text.Json.Nodes.JsonNode.Parse(await mistyped.Content.ReadAsStringAsync())!;
        Assert.Equal("The request body is not valid JSON.", (string)problem["title"]!);
        Assert.Contains("$.seedTrackIds", (string)problem["detail"]!);
        Assert.DoesNotContain("System.", (string)problem["detail"]!);
        Assert.Contains("/v1/playlists/continue", await host.Http.GetStringAsync("/openapi/serving.json"));
    }

    [Fact]
    public void Without_a_personal_model_candidates_come_from_popularity()
    {
        var popularity = new PopularityModel([new("a", 9, "x"), new("b", 5, "y"), new("c", 3, "z")]);
        var model = new ServingModel("p1", popularity, DateTimeOffset.UnixEpoch);

        var candidates = ContinuationCandidates.For(model, ["b"], pool: 10);

        Assert.Equal(["a", "c"], candidates.Select(c => c.TrackId));
        Assert.All(candidates, c => Assert.Equal("popular", c.Source));
    }
}
