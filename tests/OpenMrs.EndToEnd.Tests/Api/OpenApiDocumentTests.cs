using System.Net;
using System.Text.Json;
using OpenMrs.EndToEnd.Tests.Hosting;
using OpenMrs.EndToEnd.Tests.Support;
using OpenMrs.Ingestion.Validation;

namespace OpenMrs.EndToEnd.Tests.Api;

/// <summary>The OpenAPI documents of the all-in-one: which endpoints each names, and that what they describe is what the API accepts.</summary>
[Collection(SharedHostCollection.Name)]
public sealed class OpenApiDocumentTests(SharedHostFixture fixture)
{
    private readonly OpenMrsClient _client = new(fixture.Host.Client);

    [Fact]
    public async Task Each_service_document_names_its_own_endpoints_and_v1_names_them_all()
    {
        var all = Paths(await DocumentAsync("v1"));
        var serving = Paths(await DocumentAsync("serving"));
        var ingestion = Paths(await DocumentAsync("ingestion"));

        Assert.Equal(["/v1/listens", "/v1/tracks"], ingestion.Order(StringComparer.Ordinal));
        Assert.Contains("/v1/users/{userId}/recommendations", serving);
        Assert.Contains("/v1/playlists/continue", serving);
        Assert.DoesNotContain("/v1/listens", serving);
        Assert.Subset(all.ToHashSet(), serving.Concat(ingestion).ToHashSet());
        Assert.Contains("/v1/training/status", all);
    }

    [Fact]
    public async Task The_listen_kind_is_documented_as_the_names_ingestion_accepts_and_each_of_them_is_accepted()
    {
        var schemas = (await DocumentAsync("ingestion")).GetProperty("components").GetProperty("schemas");
        var kinds = schemas.GetProperty("ListenKind").GetProperty("enum").EnumerateArray().Select(k => k.GetString()!).ToList();
        Assert.Equal(ListenEventValidator.KindsByName.Keys.Order(StringComparer.Ordinal), kinds.Order(StringComparer.Ordinal));

        var data = TestData.Unique("openapi");
        var events = string.Join(",", kinds.Select((kind, i) =>
            $$"""{"eventId":"{{data.Scope}}-{{i}}","userId":"{{data.User(0)}}","trackId":"{{data.Track(i)}}","occurredAt":"2026-11-01T10:00:00Z","kind":"{{kind}}","msPlayed":1000}"""));
        var response = await _client.PostRawAsync("/v1/listens", $$"""{"events":[{{events}}]}""");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Whole_numbers_are_documented_as_integers_only_and_a_number_in_a_string_is_refused()
    {
        var schemas = (await DocumentAsync("v1")).GetProperty("components").GetProperty("schemas");
        foreach (var (schema, property) in new[] { ("ListenEvent", "msPlayed"), ("TrackUpsert", "durationMs"), ("PlaylistContinuationRequest", "length") })
        {
            var types = schemas.GetProperty(schema).GetProperty("properties").GetProperty(property).GetProperty("type").EnumerateArray().Select(t => t.GetString()).ToList();
            Assert.Contains("integer", types);
            Assert.DoesNotContain("string", types);
        }
        Assert.DoesNotContain("length", schemas.GetProperty("PlaylistContinuationRequest").GetProperty("required").EnumerateArray().Select(r => r.GetString()));

        var data = TestData.Unique("openapi-numbers");
        var listen = await _client.PostRawAsync("/v1/listens",
            $$"""{"events":[{"eventId":"{{data.Scope}}-0","userId":"{{data.User(0)}}","trackId":"{{data.Track(0)}}","occurredAt":"2026-11-01T10:00:00Z","kind":"play","msPlayed":"1000"}]}""");
        Assert.Equal(HttpStatusCode.BadRequest, listen.StatusCode);
        var playlist = await _client.PostRawAsync("/v1/playlists/continue", """{"seedTrackIds":["a"],"length":"10"}""");
        Assert.Equal(HttpStatusCode.BadRequest, playlist.StatusCode);
        Assert.Contains("$.length", await playlist.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> DocumentAsync(string name)
    {
        using var response = await _client.Http.GetAsync($"/openapi/{name}.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static List<string> Paths(JsonElement document) => document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
}
