using OpenMrs.Testing;
using System.Net;
using System.Text.Json;
using OpenMrs.EndToEnd.Tests.Hosting;
using OpenMrs.EndToEnd.Tests.Support;
using OpenMrs.Testing.Redis;

namespace OpenMrs.EndToEnd.Tests.Faults;

/// <summary>A host with Redis as the ranked-list cache and the dedup store, and a redis-server the test can stop.</summary>
public sealed class RedisHostFixture : IAsyncLifetime
{
    public RedisServerFixture Redis { get; } = new();
    public AllInOneHost Host { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Host = await AllInOneHost.StartAsync(new Dictionary<string, string?> { ["Redis:ConnectionString"] = Redis.ConnectionString });

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        Redis.Dispose();
    }
}

public sealed class RedisOutageTests(RedisHostFixture fixture) : IClassFixture<RedisHostFixture>
{
    private readonly OpenMrsClient _client = new(fixture.Host.Client);

    [Fact]
    public async Task With_Redis_stopped_lists_are_still_served_and_readiness_reports_Degraded()
    {
        var data = TestData.Unique("redis");
        var user = data.User(0);
        await _client.AcceptedAsync(await _client.PostTracksAsync(data.Tracks(2)));
        await _client.AcceptedAsync(await _client.PostListensAsync([data.Listen(user, data.Track(0))]));
        await Eventually.WaitForAsync(() => _client.UserAsync(user), s => s.StateVersion >= 1);

        // The cache check alone: the host has no model yet, which readiness reports as Degraded by itself.
        var before = await ReadinessAsync();
        Assert.Equal("Healthy", before.GetProperty("checks").GetProperty(Serving.Health.RedisCacheHealthCheck.Name).GetProperty("status").GetString());

        fixture.Redis.Stop();
        try
        {
            var list = await _client.RecommendationsAsync(user, 10);
            Assert.Equal(user, list.UserId);
            Assert.DoesNotContain(list.Items, i => i.TrackId == data.Track(0));

            // Ingestion keeps accepting while its dedup store is down (fail open), and the grain applies it.
            var accepted = await _client.AcceptedAsync(await _client.PostListensAsync([data.Listen(user, data.Track(1))]));
            Assert.Equal(1, accepted.Accepted);
            var state = await Eventually.WaitForAsync(() => _client.UserAsync(user), s => s.StateVersion >= 2);
            Assert.Equal(2, state.StateVersion);

            var degraded = await ReadinessAsync();
            Assert.Equal("Degraded", degraded.GetProperty("status").GetString());
            var checks = degraded.GetProperty("checks").EnumerateObject().ToDictionary(c => c.Name, c => c.Value.GetProperty("status").GetString());
            Assert.Equal("Degraded", checks[Serving.Health.RedisCacheHealthCheck.Name]);
            Assert.Equal("Healthy", checks["self"]);
        }
        finally
        {
            fixture.Redis.Start();
        }
    }

    private async Task<JsonElement> ReadinessAsync()
    {
        using var response = await _client.Http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
