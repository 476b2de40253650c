using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OpenMrs.Serving.GrainInterfaces.Users;
using OpenMrs.Serving.Grains.Ranking;
using OpenMrs.Serving.Tests.Fixtures;

namespace OpenMrs.Serving.Tests.Api;

/// <summary>A Serving host that ranks one list at a time with room for one more in its queue.</summary>
public sealed class OneRankingAtATimeHostFixture() : ServingHostFixture(new Dictionary<string, string?>
{
    ["Serving:RankingConcurrency"] = "1",
    ["Serving:RankingQueueLimit"] = "1",
});

[CollectionDefinition(Name)]
public sealed class OneRankingAtATimeHostCollection : ICollectionFixture<OneRankingAtATimeHostFixture>
{
    public const string Name = "one ranking at a time";
}

[Collection(OneRankingAtATimeHostCollection.Name)]
public class RankingCapacityTests(OneRankingAtATimeHostFixture host)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Beyond_the_ranking_queue_a_request_gets_503_with_retry_after_and_the_queued_one_is_served()
    {
        await host.PublishModelAsync(TestData.RankedModel("q", 30));
        var gate = host.Services.GetRequiredService<RankingGate>();
        using var release = new ManualResetEventSlim();
        var holder = HoldTheSlot(gate, release);

        var queuedUser = TestData.NewUserId();
        var queued = host.Http.GetAsync($"/v1/users/{queuedUser}/recommendations?count=5");
        await WaitUntilAsync(() => gate.Queued == 1);
        var refusals = new[]
        {
            await host.Http.GetAsync($"/v1/users/{TestData.NewUserId()}/recommendations"),
            await host.Http.PostAsJsonAsync($"/v1/users/{TestData.NewUserId()}/recommendations", new { count = 5 }),
            await host.Http.GetAsync("/v1/tracks/q-01/similar"),
        };
        release.Set();
        await holder;

        foreach (var refusal in refusals)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refusal.StatusCode);
            Assert.Equal("1", refusal.Headers.GetValues("Retry-After").Single());
            Assert.StartsWith("application/problem+json", refusal.Content.Headers.ContentType?.ToString());
            var problem = JsonNode.Parse(await refusal.Content.ReadAsStringAsync())!;
            Assert.Equal("Serving is at capacity", (string?)problem["title"]);
            Assert.Contains("1 at once", (string?)problem["detail"]);
            Assert.DoesNotContain("   at ", await refusal.Content.ReadAsStringAsync());
        }
        var served = await (await queued.WaitAsync(Patience)).Content.ReadFromJsonAsync<RecommendationList>();
        Assert.Equal(queuedUser, served!.UserId);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => TestData.TrackId("q", i)), served.Items.Select(i => i.TrackId));

        // Nothing of the refused requests stuck: once the queue has room the same requests are answered.
        var retried = await host.Http.GetAsync("/v1/tracks/q-01/similar?by=cf");
        Assert.NotEqual(HttpStatusCode.ServiceUnavailable, retried.StatusCode);
        var again = await host.Http.GetFromJsonAsync<RecommendationList>($"/v1/users/{TestData.NewUserId()}/recommendations?count=5");
        Assert.Equal(5, again!.Items.Count);
    }

    [Fact]
    public async Task A_client_that_gives_up_while_queued_frees_its_place_in_the_queue()
    {
        await host.PublishModelAsync(TestData.RankedModel("c", 30));
        var gate = host.Services.GetRequiredService<RankingGate>();
        using var release = new ManualResetEventSlim();
        var holder = HoldTheSlot(gate, release);

        using var giveUp = new CancellationTokenSource();
        var abandoned = host.Http.GetAsync("/v1/tracks/c-01/similar", giveUp.Token);
        await WaitUntilAsync(() => gate.Queued == 1);
        giveUp.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        await WaitUntilAsync(() => gate.Queued == 0);

        // The freed place takes the next request instead of a 503.
        var next = host.Http.GetAsync("/v1/tracks/c-01/similar");
        await WaitUntilAsync(() => gate.Queued == 1);
        release.Set();
        await holder;
        Assert.NotEqual(HttpStatusCode.ServiceUnavailable, (await next.WaitAsync(Patience)).StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_names_the_503_of_the_ranking_endpoints()
    {
        var document = JsonNode.Parse(await host.Http.GetStringAsync("/openapi/serving.json"))!;

        foreach (var (path, method) in new[]
                 {
                     ("/v1/users/{userId}/recommendations", "get"), ("/v1/users/{userId}/recommendations", "post"),
                     ("/v1/tracks/{trackId}/similar", "get"), ("/v1/playlists/continue", "post"),
                 })
            Assert.NotNull(document["paths"]![path]![method]!["responses"]!["503"]);
    }

    /// <summary>Takes the host's only ranking slot until <paramref name="release"/> is set; returns once it is held.</summary>
    private static Task HoldTheSlot(RankingGate gate, ManualResetEventSlim release)
    {
        using var held = new ManualResetEventSlim();
        var holder = Task.Run(async () => await gate.RunAsync(() => { held.Set(); return release.Wait(Patience); }));
        Assert.True(held.Wait(Patience));
        return holder;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(10);
        }
    }
}
