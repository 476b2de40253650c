using OpenMrs.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OpenMrs.Contracts;
using OpenMrs.Contracts.Events;
using OpenMrs.ModelStore.Formats;
using OpenMrs.Serving.GrainInterfaces.Users;
using OpenMrs.Serving.Tests.Fixtures;

namespace OpenMrs.Serving.Tests.Api;

[Collection(ServingHostCollection.Name)]
public class ServingApiTests(ServingHostFixture host)
{
    [Fact]
    public async Task An_unknown_user_gets_the_popular_list()
    {
        var version = await host.PublishModelAsync(TestData.RankedModel("p", 40));
        var userId = TestData.NewUserId();

        var list = await host.Http.GetFromJsonAsync<RecommendationList>($"/v1/users/{userId}/recommendations");

        Assert.Equal(userId, list!.UserId);
        Assert.Equal(version, list.ModelVersion);
        Assert.Equal(0, list.StateVersion);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => TestData.TrackId("p", i)), list.Items.Select(i => i.TrackId));
        Assert.All(list.Items, item => Assert.False(string.IsNullOrWhiteSpace(item.Reason)));
    }

    [Fact]
    public async Task Recommendations_leave_out_heard_disliked_and_banned_tracks()
    {
        await host.PublishModelAsync(TestData.RankedModel("x", 40));
        var userId = TestData.NewUserId();
        await host.Grains.GetGrain<IUserGrain>(userId).ApplyBatchAsync([
            TestData.Listen(userId, "x-00"),
            TestData.Listen(userId, "x-02", ListenKind.Skip, minute: 1),
            TestData.Listen(userId, "x-03", ListenKind.Dislike, minute: 2),
            TestData.Listen(userId, "x-05", ListenKind.Ban, minute: 3),
        ]);

        var list = await host.Http.GetFromJsonAsync<RecommendationList>($"/v1/users/{userId}/recommendations?count=5");

        Assert.Equal(["x-01", "x-04", "x-06", "x-07", "x-08"], list!.Items.Select(i => i.TrackId));
        Assert.Equal(4, list.StateVersion);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("201")]
    [InlineData("many")]
    public async Task A_bad_count_is_a_400_problem(string count)
    {
        var response = await host.Http.GetAsync($"/v1/users/someone/recommendations?count={count}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.ToString());
        var problem = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var error = (string)problem["errors"]!["count"]![0]!;
        Assert.Contains(count == "many" ? "'many'" : "between 1 and 200", error);
    }

    [Fact]
    public async Task Listens_published_to_kafka_reach_the_users_grain_once_each()
    {
        var userId = TestData.NewUserId();
        var listens = Enumerable.Range(0, 3).Select(i => TestData.Listen(userId, $"kafka-{i}", minute: i)).ToList();
        foreach (var listen in listens) await host.Publisher.PublishAsync(Topics.Listens, userId, listen);
        await host.Publisher.PublishAsync(Topics.Listens, userId, listens[0]); // a redelivery

        var snapshot = await Eventually.WaitForAsync(
            () => host.Http.GetFromJsonAsync<UserSnapshot>($"/v1/users/{userId}")!,
            s => s!.StateVersion >= 3);

        Assert.Equal(3, snapshot!.StateVersion);
        Assert.Equal(["kafka-2", "kafka-1", "kafka-0"], snapshot.RecentHistory);
    }

    [Fact]
    public async Task A_model_announced_on_kafka_is_loaded_and_reported_as_current()
    {
        var manifest = await PopularityModelFile.PublishAsync(host.ModelStore, TestData.RankedModel("ann", 12), null, CancellationToken.None);
        await host.Publisher.PublishAsync(Topics.Models, manifest.Kind,
            new ModelPublished(manifest.Kind, manifest.Version, manifest.Location, manifest.CreatedAt));

        // 404 until the first model is loaded, so the probe reads the status before the body.
        var current = await Eventually.WaitForAsync(
            async () =>
            {
                using var response = await host.Http.GetAsync("/v1/models/current");
                return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : default;
            },
            c => c.ValueKind == JsonValueKind.Object && c.GetProperty("version").GetString() == manifest.Version);

        Assert.Equal(JsonValueKind.Object, current.ValueKind);

        Assert.Equal(manifest.Version, current.GetProperty("version").GetString());
        Assert.Equal(12, current.GetProperty("tracks").GetInt32());
    }

    [Fact]
    public async Task A_sequence_model_announced_on_kafka_is_named_as_the_continuations_predictor()
    {
        await host.PublishModelAsync(TestData.RankedModel("seq", 5));
        const int features = OpenMrs.Recommender.Sequences.SequenceFeatures.DescriptorCount, hidden = 3;
        float[] Filled(int n) => [.. Enumerable.Range(0, n).Select(i => 0.01f * (i % 7))];
        var model = new OpenMrs.Recommender.Sequences.SequenceModel(
            new OpenMrs.Recommender.Sequences.YeoJohnsonScaler(new double[features], new double[features], [.. Enumerable.Repeat(1.0, features)]), 0,
            new OpenMrs.Recommender.Sequences.GruNetwork([new(features, hidden, Filled(3 * hidden * features), Filled(3 * hidden * hidden), Filled(3 * hidden), Filled(3 * hidden))],
                Filled(features * hidden), Filled(features)), validationMae: 0.4, baselineMae: 0.5);
        var manifest = await SequenceModelFile.PublishAsync(host.ModelStore, model, CancellationToken.None);
        await host.Publisher.PublishAsync(Topics.Models, manifest.Kind,
            new ModelPublished(manifest.Kind, manifest.Version, manifest.Location, manifest.CreatedAt, manifest.Metrics));

        var current = await Eventually.WaitForAsync(
            () => host.Http.GetFromJsonAsync<JsonElement>("/v1/models/current"),
            c => c.GetProperty("sequenceVersion").GetString() == manifest.Version);

        Assert.Equal(manifest.Version, current.GetProperty("sequenceVersion").GetString());
        Assert.Equal($"sequence@{manifest.Version}", current.GetProperty("continuation").GetString());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_endpoints()
    {
        var document = await host.Http.GetStringAsync("/openapi/serving.json");
        Assert.Contains("/v1/users/{userId}/recommendations", document);
        Assert.Contains("/v1/models/current", document);
        Assert.Contains("/v1/tracks/{trackId}/similar", document);
        Assert.Contains("diversity", document);
    }
}
