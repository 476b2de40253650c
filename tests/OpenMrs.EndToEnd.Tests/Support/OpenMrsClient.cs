using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OpenMrs.Contracts.Events;
using OpenMrs.Contracts.Wire;
using OpenMrs.Ingestion.Publishing;
using OpenMrs.Serving.GrainInterfaces.Users;

namespace OpenMrs.EndToEnd.Tests.Support;

/// <summary>What a platform and a product service do over HTTP: post listens and tracks, read ranked lists.</summary>
public sealed class OpenMrsClient(HttpClient http)
{
    public HttpClient Http => http;

    public Task<HttpResponseMessage> PostListensAsync(IEnumerable<ListenEvent> events) =>
        PostAsync("/v1/listens", new { events = events.ToArray() });

    public Task<HttpResponseMessage> PostTracksAsync(IEnumerable<TrackUpsert> tracks) =>
        PostAsync("/v1/tracks", new { tracks = tracks.ToArray() });

    public async Task<HttpResponseMessage> PostRawAsync(string path, string body)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        return await http.PostAsync(path, content);
    }

    /// <summary>Posts until a 202, as a client does on 503 (the batch is idempotent); returns the accepted result.</summary>
    public async Task<IngestResult> PostListensUntilAcceptedAsync(IReadOnlyList<ListenEvent> events, int maxAttempts = 20)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await PostListensAsync(events);
            if (response.StatusCode == HttpStatusCode.Accepted) return (await response.Content.ReadFromJsonAsync<IngestResult>(WireFormat.Options))!;
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt >= maxAttempts)
                throw new HttpRequestException($"POST /v1/listens answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(200);
        }
    }

    public async Task<IngestResult> AcceptedAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"expected 202, got {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<IngestResult>(body, WireFormat.Options)!;
    }

    public async Task<RecommendationList> RecommendationsAsync(string userId, int count)
    {
        using var response = await http.GetAsync($"/v1/users/{Uri.EscapeDataString(userId)}/recommendations?count={count}");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<RecommendationList>(WireFormat.Options))!;
    }

    public async Task<UserSnapshot> UserAsync(string userId)
    {
        using var response = await http.GetAsync($"/v1/users/{Uri.EscapeDataString(userId)}");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<UserSnapshot>(WireFormat.Options))!;
    }

    private Task<HttpResponseMessage> PostAsync(string path, object body) =>
        http.PostAsync(path, JsonContent.Create(body, options: WireFormat.Options));
}
