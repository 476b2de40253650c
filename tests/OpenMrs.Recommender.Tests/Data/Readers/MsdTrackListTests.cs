using OpenMrs.Recommender.Data.Readers;

namespace OpenMrs.Recommender.Tests.Data.Readers;

public class MsdTrackListTests
{
    [Fact]
    public void Joins_scrobbles_to_song_ids_on_artist_and_title_ignoring_case()
    {
        using var file = TempFile.WithLines(
            "TRA<SEP>SOA<SEP>Boards of Canada<SEP>Roygbiv",
            "TRB<SEP>SOB<SEP>Aphex Twin<SEP>Xtal");
        var tracks = MsdTrackList.Read(file.Path);
        var scrobbles = new[]
        {
            new LastFmScrobble("u1", 10, "", "boards of canada", "", "ROYGBIV"),
            new LastFmScrobble("u1", 20, "", "Nobody", "", "Unknown"),
            new LastFmScrobble("u2", 30, "", "Aphex Twin", "mbid", "Xtal"),
        };
        var unmatched = 0;

        var joined = tracks.Join(scrobbles, () => unmatched++).ToList();

        Assert.Equal([("u1", "SOA", 10L), ("u2", "SOB", 30L)], joined.Select(r => (r.User, r.Item, r.Time!.Value)));
        Assert.Equal(1, unmatched);
    }

    [Fact]
    public void A_line_without_four_parts_is_malformed()
    {
        using var file = TempFile.WithLines("TRA<SEP>SOA<SEP>Artist<SEP>Title", "TRB<SEP>SOB");
        var error = Assert.Throws<MalformedInputException>(() => MsdTrackList.ReadTracks(file.Path).ToList());
        Assert.Equal(2, error.LineNumber);
        Assert.Contains("expected 4 fields", error.Message);
    }
}
