using OpenMrs.Testing;
using System.Net;
using System.Text;
using System.Text.Json;
using OpenMrs.Contracts.Events;
using OpenMrs.EndToEnd.Tests.Hosting;
using OpenMrs.EndToEnd.Tests.Support;

namespace OpenMrs.EndToEnd.Tests.Ingestion;

[Collection(SharedHostCollection.Name)]
public sealed class BadInputTests(SharedHostFixture fixture)
{
    private readonly OpenMrsClient _client = new(fixture.Host.Client);

    [Fact]
    public async Task Bad_batches_get_a_400_with_details_and_a_valid_batch_after_them_is_fully_applied()
    {
        var data = TestData.Unique("bad");
        var user = data.User(0);

        var malformed = await ProblemOf(await _client.PostRawAsync("/v1/listens", "{\"events\":[{\"eventId\":\"x\",}"));
        Assert.Equal(400, malformed.GetProperty("status").GetInt32());
        Assert.Contains("line 1", malformed.GetProperty("errors").GetProperty("$")[0].GetString());

        var missing = await ProblemOf(await _client.PostRawAsync("/v1/listens",
            $$"""{"events":[{"eventId":"{{data.Scope}}-m1","trackId":"t","occurredAt":"2026-01-01T00:00:00Z","kind":"play"}]}"""));
        Assert.Equal(400, missing.GetProperty("status").GetInt32());
        Assert.Contains($"{data.Scope}-m1", missing.GetProperty("errors").GetProperty("events[0].userId")[0].GetString());

        var unknownKind = await ProblemOf(await _client.PostRawAsync("/v1/listens",
            $$"""{"events":[{"eventId":"{{data.Scope}}-k1","userId":"{{user}}","trackId":"t","occurredAt":"2026-01-01T00:00:00Z","kind":"replay"}]}"""));
        Assert.Contains("replay", unknownKind.GetProperty("errors").GetProperty("events[0].kind")[0].GetString());

        var oversized = await ProblemOf(await _client.PostListensAsync(Enumerable.Range(0, 1_001).Select(_ => data.Listen(user, data.Track(0)))));
        Assert.Equal(400, oversized.GetProperty("status").GetInt32());
        Assert.Contains("1001", oversized.GetProperty("errors").GetProperty("events")[0].GetString());

        // A batch with one bad event among good ones is rejected whole: none of its good events may arrive.
        var mixed = new List<ListenEvent> { data.Listen(user, data.Track(1)), data.Listen(user, data.Track(2)) with { UserId = "" } };
        var mixedProblem = await ProblemOf(await _client.PostListensAsync(mixed));
        Assert.Equal(["events[1].userId"], mixedProblem.GetProperty("errors").EnumerateObject().Select(p => p.Name));

        var valid = Enumerable.Range(3, 5).Select(n => data.Listen(user, data.Track(n))).ToList();
        var accepted = await _client.AcceptedAsync(await _client.PostListensAsync(valid));
        Assert.Equal((valid.Count, 0), (accepted.Accepted, accepted.Duplicates));

        var state = await Eventually.WaitForAsync(() => _client.UserAsync(user), s => s.StateVersion >= valid.Count);
        Assert.Equal(valid.Count, state.StateVersion);
        Assert.Equal(valid.Select(v => v.TrackId).Order(), state.RecentHistory.Order());
    }

    [Fact]
    public async Task A_body_over_the_byte_limit_gets_a_413_problem()
    {
        var body = "{\"events\":[" + new string(' ', 1024 * 1024) + "]}";

        using var response = await _client.PostRawAsync("/v1/listens", body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("The request body is too large", problem.GetProperty("title").GetString());
        Assert.Contains("at most 1048576 bytes", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_chunked_body_over_the_byte_limit_gets_the_same_413_naming_the_limit()
    {
        // No Content-Length: the server only learns the size while reading.
        using var content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes("{\"events\":[" + new string(' ', 2 * 1024 * 1024) + "]}")));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/listens") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var detail = await response.Content.ReadAsStringAsync();
        Assert.Contains("at most 1048576 bytes", detail);
        Assert.DoesNotContain("1048577", detail);
        Assert.Equal("The request body is too large", JsonDocument.Parse(detail).RootElement.GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("/v1/users/someone/recommendations")]
    [InlineData("/v1/playlists/continue")]
    public async Task A_read_only_query_body_over_a_mebibyte_is_refused_with_413_before_it_is_parsed(string path)
    {
        var excluded = string.Join(",", Enumerable.Range(0, 20_000).Select(i => $"\"track-{i:00000000000000000000000000000000000000000000000000}\""));
        var body = $"{{\"exclude\":[{excluded}],\"seedTrackIds\":[\"t\"]}}";
        Assert.True(body.Length > OpenMrs.Serving.Endpoints.RecommendationEndpoints.MaxQueryBodyBytes);

        using var response = await _client.PostRawAsync(path, body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("The request body is too large", problem.GetProperty("title").GetString());
        Assert.Contains("at most 1,048,576 bytes", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task After_a_413_the_connection_takes_the_rest_of_the_body_and_answers_the_next_request()
    {
        // A client that sends the headers, reads the early 413, and only then sends the declared body: the server must
        // drain it, not reset the connection (a reset races the 413 to a client still sending).
        const int declared = 2 * 1024 * 1024;
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(fixture.Host.BaseAddress.Host, fixture.Host.BaseAddress.Port);
        var stream = tcp.GetStream();
        stream.ReadTimeout = 30_000;
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(
            $"POST /v1/users/someone/recommendations HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: {declared}\r\n\r\n"));

        Assert.StartsWith("HTTP/1.1 413", await ReadResponseAsync(stream));
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)' ');
        for (var sent = 0; sent < declared; sent += chunk.Length) await stream.WriteAsync(chunk);
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes("GET /health/live HTTP/1.1\r\nHost: test\r\n\r\n"));
        Assert.StartsWith("HTTP/1.1 200", await ReadResponseAsync(stream));
    }

    /// <summary>One HTTP/1.1 response, its body read whole (Content-Length or chunked); returns its head.</summary>
    private static async Task<string> ReadResponseAsync(Stream stream)
    {
        var lines = new List<string>();
        for (var line = ReadLine(stream); line.Length > 0; line = ReadLine(stream)) lines.Add(line);
        var fields = lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        if (fields.TryGetValue("Content-Length", out var length)) await stream.ReadExactlyAsync(new byte[int.Parse(length)]);
        else if (fields.GetValueOrDefault("Transfer-Encoding") == "chunked")
            for (var size = Convert.ToInt32(ReadLine(stream), 16); ; size = Convert.ToInt32(ReadLine(stream), 16))
            {
                await stream.ReadExactlyAsync(new byte[size + 2]); // the chunk and its CRLF
                if (size == 0) break;
            }
        return lines[0];
    }

    private static string ReadLine(Stream stream)
    {
        var line = new StringBuilder();
        for (var b = stream.ReadByte(); b != '\n'; b = stream.ReadByte())
        {
            Assert.True(b >= 0, $"the connection closed after: {line}");
            if (b != '\r') line.Append((char)b);
        }
        return line.ToString();
    }

    [Fact]
    public async Task Invalid_tracks_get_a_400_naming_the_field()
    {
        var problem = await ProblemOf(await _client.PostRawAsync("/v1/tracks", """{"tracks":[{"trackId":"x","artist":"y"}]}"""));

        Assert.True(problem.GetProperty("errors").TryGetProperty("tracks[0].title", out _));
    }

    private static async Task<JsonElement> ProblemOf(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        }
    }
}
