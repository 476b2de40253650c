using System.Text.Json;
using OpenMrs.EndToEnd.Tests.Hosting;
using OpenMrs.EndToEnd.Tests.Support;
using OpenMrs.Testing;
using OpenMrs.Testing.Planted;

namespace OpenMrs.EndToEnd.Tests.Flow;

/// <summary>
/// The whole loop on the embedded stack, through HTTP only: planted listens in → Training learns and publishes WALS and
/// RP3β behind its guard → Serving swaps them in → each listener's list is dominated by their own planted taste, far
/// above what popularity gives them.
/// </summary>
public sealed class PersonalRecommendationTests : IAsyncLifetime
{
    private AllInOneHost _host = null!;

    public async Task InitializeAsync() => _host = await AllInOneHost.StartAsync(new Dictionary<string, string?>
    {
        ["Training:RetrainAfterEvents"] = "3000",
        ["Training:TrainCheckInterval"] = "00:00:00.250",
        ["Training:MinEvaluationUsers"] = "10",
        ["Training:ModelOptions:als:factors"] = "16",
        ["Training:ModelOptions:als:iterations"] = "10",
        ["Training:ModelOptions:als:regularization"] = "0.1",
        ["Training:ModelOptions:als:alpha"] = "5",
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task After_training_publishes_each_list_is_dominated_by_the_listeners_taste_at_over_twice_populars_precision()
    {
        var stream = new PlantedListenStream(users: 150, listensPerUser: 24, userPrefix: "e2e-taste");
        var client = new OpenMrsClient(_host.Client);
        foreach (var batch in stream.Events.Chunk(500)) await client.PostListensUntilAcceptedAsync(batch);

        // 404 until the first model is loaded, so the probe reads the status before the body.
        var current = await Eventually.WaitForAsync(
            async () =>
            {
                using var response = await client.Http.GetAsync("/v1/models/current");
                return response.IsSuccessStatusCode ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone() : default;
            },
            m => m.ValueKind == JsonValueKind.Object && m.TryGetProperty("personal", out var p) && p.ValueKind == JsonValueKind.Object
                 && m.TryGetProperty("neighbours", out var n) && n.ValueKind == JsonValueKind.Object,
            TimeSpan.FromSeconds(120));
        Assert.True(current.ValueKind == JsonValueKind.Object, $"no model loaded; training: {await client.Http.GetStringAsync("/v1/training/status")}");
        Assert.True(current.TryGetProperty("personal", out var personal) && personal.ValueKind == JsonValueKind.Object,
            $"no personal model: {current}; training: {await client.Http.GetStringAsync("/v1/training/status")}");
        Assert.Equal("als", personal.GetProperty("kind").GetString());

        var users = stream.UserGroup.Keys.Order(StringComparer.Ordinal).Where((_, i) => i % 3 == 0).ToList();
        var stranger = $"e2e-stranger-{Guid.NewGuid():N}";
        var popular = (await client.RecommendationsAsync(stranger, 200)).Items.Select(i => i.TrackId).ToList();
        double personalPrecision = 0, popularPrecision = 0;
        foreach (var user in users)
        {
            var heard = stream.Events.Where(e => e.UserId == user).Select(e => e.TrackId).ToHashSet();
            // The planted right answer: the listener's own taste group, less what they already heard.
            var relevant = stream.TracksOfGroup[stream.UserGroup[user]].Where(t => !heard.Contains(t)).ToHashSet();
            var list = await Eventually.WaitForAsync(() => client.RecommendationsAsync(user, 10), l => l.ModelVersion?.Contains("+als-") == true);
            personalPrecision += list.Items.Count(i => relevant.Contains(i.TrackId)) / 10.0;
            popularPrecision += popular.Where(t => !heard.Contains(t)).Take(10).Count(relevant.Contains) / 10.0;
            Assert.True(stream.ShareOfOwnGroup(user, list.Items.Select(i => i.TrackId)) >= 0.7,
                $"{user} (taste {stream.UserGroup[user]}): {string.Join(", ", list.Items.Select(i => i.TrackId))}");
        }
        personalPrecision /= users.Count;
        popularPrecision /= users.Count;
        Assert.True(personalPrecision >= 2 * popularPrecision && personalPrecision > 0.5,
            $"precision@10: personal {personalPrecision:F3}, popularity {popularPrecision:F3}");
    }
}
