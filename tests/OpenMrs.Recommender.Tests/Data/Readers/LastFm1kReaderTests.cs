using OpenMrs.Recommender.Data.Readers;

namespace OpenMrs.Recommender.Tests.Data.Readers;

public class LastFm1kReaderTests
{
    [Fact]
    public void Reads_the_fixture_skipping_its_header_and_keying_tracks_without_mbid_by_artist_and_title()
    {
        var scrobbles = LastFm1kReader.ReadScrobbles(Fixtures.Path("lastfm1k-sample.tsv")).ToList();

        Assert.Equal(4, scrobbles.Count);
        Assert.Equal("trk-1", scrobbles[0].TrackKey);
        Assert.Equal(new DateTimeOffset(2009, 5, 4, 13, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), scrobbles[0].Time);
        Assert.Equal("local band\tdemo song", scrobbles[2].TrackKey);
        Assert.All(LastFm1kReader.Read(Fixtures.Path("lastfm1k-sample.tsv")), r => Assert.Equal(1f, r.Count));
    }

    [Fact]
    public void A_bad_timestamp_is_reported_with_its_line()
    {
        using var file = TempFile.WithLines(
            "u1\t2009-05-04T13:00:00Z\ta\tArtist\tt\tTitle",
            "u1\tyesterday\ta\tArtist\tt\tTitle");
        var error = Assert.Throws<MalformedInputException>(() => LastFm1kReader.Read(file.Path).ToList());
        Assert.Equal(2, error.LineNumber);
        Assert.Contains("'yesterday' is not an ISO-8601 time", error.Message);
    }

    [Fact]
    public void A_track_with_no_id_and_no_title_is_malformed()
    {
        using var file = TempFile.WithLines("u1\t2009-05-04T13:00:00Z\t\tArtist\t\t");
        var error = Assert.Throws<MalformedInputException>(() => LastFm1kReader.Read(file.Path).ToList());
        Assert.Equal(1, error.LineNumber);
        Assert.Contains("neither a MusicBrainz id nor an artist and title", error.Message);
    }
}
