using OpenMrs.Testing;
using System.Text;
using Microsoft.Extensions.Options;
using OpenMrs.Contracts.Events;
using OpenMrs.EndToEnd.Tests.Support;
using OpenMrs.Ingestion;
using OpenMrs.Ingestion.Validation;

namespace OpenMrs.EndToEnd.Tests.Ingestion;

public sealed class BatchParserTests
{
    private static readonly ManualClock Clock = new(DateTimeOffset.Parse("2026-06-01T12:00:00Z"));
    private static readonly IOptions<IngestionOptions> Limits = Options.Create(new IngestionOptions { MaxBatchSize = 5 });

    private static BatchParseResult<ListenEvent> ParseListens(string json) =>
        new BatchParser<ListenEvent>(new ListenEventValidator(Limits, Clock), Limits).Parse(Encoding.UTF8.GetBytes(json));

    private static BatchParseResult<TrackUpsert> ParseTracks(string json) =>
        new BatchParser<TrackUpsert>(new TrackUpsertValidator(Limits, Clock), Limits).Parse(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void A_valid_batch_becomes_events_with_every_field()
    {
        var result = ParseListens("""
            {"events":[{"eventId":"e1","userId":"u1","trackId":"t1","occurredAt":"2026-06-01T11:00:00+02:00","kind":"dislike","msPlayed":1200,"context":"radio","extra":1}]}
            """);

        Assert.True(result.IsAccepted);
        var listen = Assert.Single(result.Items);
        Assert.Equal(new ListenEvent("e1", "u1", "t1", new DateTimeOffset(2026, 6, 1, 11, 0, 0, TimeSpan.FromHours(2)), ListenKind.Dislike, 1200, "radio"), listen);
    }

    [Fact]
    public void Every_bad_field_is_named_by_index_eventId_and_field()
    {
        var result = ParseListens("""
            {"events":[
              {"eventId":"ok","userId":"u","trackId":"t","occurredAt":"2026-06-01T11:00:00Z","kind":"play"},
              {"eventId":"e2","trackId":"t","occurredAt":"2026-06-01T11:00:00Z","kind":"PLAY","msPlayed":-1},
              {"userId":"u","trackId":"","occurredAt":"1999-12-31T00:00:00Z","kind":"play"},
              {"eventId":"e4","userId":"u","trackId":"t","occurredAt":"2026-06-03T00:00:00Z","kind":"play"},
              "not an object"
            ]}
            """);

        Assert.False(result.IsAccepted);
        Assert.Empty(result.Items);
        var errors = result.Rejection!.Errors;
        Assert.Equal(4, result.Rejection.InvalidItems);
        Assert.Equal(
            ["events[1].kind", "events[1].msPlayed", "events[1].userId", "events[2].eventId", "events[2].occurredAt", "events[2].trackId", "events[3].occurredAt", "events[4]"],
            errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("eventId 'e2'", errors["events[1].userId"][0]);
        Assert.Contains("unknown value 'PLAY'", errors["events[1].kind"][0]);
        Assert.Contains("negative", errors["events[1].msPlayed"][0]);
        Assert.Contains("future", errors["events[3].occurredAt"][0]);
        Assert.Contains("past", errors["events[2].occurredAt"][0]);
    }

    [Fact]
    public void A_body_starting_with_a_utf8_byte_order_mark_is_read()
    {
        var json = """{"events":[{"eventId":"e1","userId":"u1","trackId":"t1","occurredAt":"2026-06-01T11:00:00Z","kind":"play"}]}""";
        var body = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(json)).ToArray();

        var result = new BatchParser<ListenEvent>(new ListenEventValidator(Limits, Clock), Limits).Parse(body);

        Assert.True(result.IsAccepted, result.Rejection?.ToString());
        Assert.Equal("e1", Assert.Single(result.Items).EventId);
    }

    [Fact]
    public void Malformed_json_reports_its_position()
    {
        var result = ParseListens("{\"events\":[\n{\"eventId\": }]}");

        Assert.False(result.IsAccepted);
        Assert.Contains("line 2", result.Rejection!.Errors["$"][0]);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"listens\":[]}")]
    [InlineData("{\"events\":{}}")]
    [InlineData("{\"events\":[]}")]
    public void A_body_of_the_wrong_shape_is_rejected(string json)
    {
        var result = ParseListens(json);

        Assert.False(result.IsAccepted);
        Assert.True(result.Rejection!.Errors.ContainsKey("events"));
    }

    [Fact]
    public void A_batch_over_the_limit_is_rejected_with_its_size()
    {
        var item = """{"eventId":"e","userId":"u","trackId":"t","occurredAt":"2026-06-01T11:00:00Z","kind":"play"}""";
        var result = ParseListens("{\"events\":[" + string.Join(",", Enumerable.Repeat(item, 6)) + "]}");

        Assert.False(result.IsAccepted);
        Assert.Contains("6 items; at most 5", result.Rejection!.Errors["events"][0]);
    }

    [Fact]
    public void User_and_track_ids_with_a_slash_are_rejected_and_event_ids_may_hold_one()
    {
        var listens = ParseListens("""
            {"events":[{"eventId":"a/b+c=","userId":"team/alice","trackId":"album/1","occurredAt":"2026-06-01T11:00:00Z","kind":"play"}]}
            """);
        var tracks = ParseTracks("""{"tracks":[{"trackId":"album/1","title":"A","artist":"B"}]}""");
        var fine = ParseListens("""{"events":[{"eventId":"a/b+c=","userId":"alice","trackId":"t1","occurredAt":"2026-06-01T11:00:00Z","kind":"play"}]}""");

        Assert.Equal(["events[0].trackId", "events[0].userId"], listens.Rejection!.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("must not contain '/'", listens.Rejection.Errors["events[0].userId"][0]);
        Assert.Equal(["tracks[0].trackId"], tracks.Rejection!.Errors.Keys);
        Assert.True(fine.IsAccepted);
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    public void Dot_segment_user_and_track_ids_are_rejected(string id)
    {
        var listens = ParseListens($$"""{"events":[{"eventId":"e1","userId":"{{id}}","trackId":"{{id}}","occurredAt":"2026-06-01T11:00:00Z","kind":"play"}]}""");
        var dotted = ParseListens("""{"events":[{"eventId":"e1","userId":"a.b","trackId":"...","occurredAt":"2026-06-01T11:00:00Z","kind":"play"}]}""");

        Assert.Equal(["events[0].trackId", "events[0].userId"], listens.Rejection!.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("'.' or '..'", listens.Rejection.Errors["events[0].userId"][0]);
        Assert.True(dotted.IsAccepted);
    }

    [Fact]
    public void Invalid_UTF8_and_lone_surrogates_are_field_errors_not_failures()
    {
        var item = Encoding.UTF8.GetBytes("""{"events":[{"eventId":"e1","userId":"uX","trackId":"t1","occurredAt":"2026-06-01T11:00:00Z","kind":"play","context":"\ud800"}]}""");
        item[Array.IndexOf(item, (byte)'X')] = 0xff;
        var listens = new BatchParser<ListenEvent>(new ListenEventValidator(Limits, Clock), Limits).Parse(item);
        var tracks = new BatchParser<TrackUpsert>(new TrackUpsertValidator(Limits, Clock), Limits).Parse(
            (byte[])[.. Encoding.UTF8.GetBytes("{\"tracks\":[{\"trackId\":\"x\",\"title\":\"T"), 0xc3, 0x28, .. Encoding.UTF8.GetBytes("\",\"artist\":\"A\"}]}")]);

        Assert.Equal(["events[0].context", "events[0].userId"], listens.Rejection!.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("not valid Unicode", listens.Rejection.Errors["events[0].userId"][0]);
        Assert.Contains("not valid Unicode", tracks.Rejection!.Errors["tracks[0].title"][0]);
    }

    [Fact]
    public void A_release_time_is_optional_and_must_be_a_past_instant_with_its_offset()
    {
        var tracks = ParseTracks("""
            {"tracks":[{"trackId":"a","title":"A","artist":"X","releasedAt":"1969-09-26T00:00:00Z"},{"trackId":"b","title":"B","artist":"X"}]}
            """);
        var refused = ParseTracks("""
            {"tracks":[{"trackId":"f","title":"F","artist":"X","releasedAt":"2026-06-02T12:00:00Z"},
                       {"trackId":"o","title":"O","artist":"X","releasedAt":"1800-01-01T00:00:00Z"},
                       {"trackId":"z","title":"Z","artist":"X","releasedAt":"2020-01-01T00:00:00"},
                       {"trackId":"n","title":"N","artist":"X","releasedAt":20200101}]}
            """);

        Assert.True(tracks.IsAccepted);
        Assert.Equal([DateTimeOffset.Parse("1969-09-26T00:00:00Z"), null], tracks.Items.Select(t => t.ReleasedAt));
        var errors = refused.Rejection!.Errors;
        Assert.Contains("is in the future", errors["tracks[0].releasedAt"][0]);
        Assert.Contains("too far in the past", errors["tracks[1].releasedAt"][0]);
        Assert.Contains("must carry its offset", errors["tracks[2].releasedAt"][0]);
        Assert.Contains("ISO-8601", errors["tracks[3].releasedAt"][0]);
    }

    [Theory]
    [InlineData("2026-06-01T11:00:00", false)]
    [InlineData("2026-06-01T11:00:00.123", false)]
    [InlineData("2026-06-01T11:00:00Z", true)]
    [InlineData("2026-06-01T13:00:00+02:00", true)]
    public void A_timestamp_without_its_offset_is_rejected(string occurredAt, bool accepted)
    {
        var result = ParseListens($$"""{"events":[{"eventId":"e1","userId":"u1","trackId":"t1","occurredAt":"{{occurredAt}}","kind":"play"}]}""");

        Assert.Equal(accepted, result.IsAccepted);
        if (!accepted) Assert.Contains("must carry its offset", result.Rejection!.Errors["events[0].occurredAt"][0]);
    }

    [Fact]
    public void Tracks_are_validated_field_by_field()
    {
        var result = ParseTracks("""
            {"tracks":[
              {"trackId":"t1","title":"A","artist":"B","tags":["x","y"],"durationMs":1000,"audioUri":"file:///music/a.flac"},
              {"trackId":"t2","artist":"B","tags":[1],"audioUri":"relative/path.wav"}
            ]}
            """);

        Assert.False(result.IsAccepted);
        Assert.Equal(["tracks[1].audioUri", "tracks[1].tags[0]", "tracks[1].title"], result.Rejection!.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_valid_track_batch_keeps_every_field()
    {
        var result = ParseTracks("""{"tracks":[{"trackId":"t1","title":"A","artist":"B","album":"C","tags":["x"],"durationMs":1000,"audioUri":"https://cdn/a.mp3","text":"bio"}]}""");

        var track = Assert.Single(result.Items);
        Assert.Equal(("t1", "A", "B", "C", 1000, "https://cdn/a.mp3", "bio"), (track.TrackId, track.Title, track.Artist, track.Album, track.DurationMs!.Value, track.AudioUri, track.Text));
        Assert.Equal(["x"], track.Tags!);
    }
}
