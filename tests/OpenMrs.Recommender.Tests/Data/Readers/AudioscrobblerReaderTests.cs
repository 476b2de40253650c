using OpenMrs.Recommender.Data.Readers;

namespace OpenMrs.Recommender.Tests.Data.Readers;

public class AudioscrobblerReaderTests
{
    [Fact]
    public void Reads_crlf_space_separated_counts_and_maps_aliases_through_chains()
    {
        var aliases = ArtistAliases.Read(Fixtures.Path("audioscrobbler/artist_alias.txt"));
        var records = AudioscrobblerReader.Read(Fixtures.Path("audioscrobbler/user_artist_data.txt"), aliases).ToList();

        Assert.Equal(
            [("100", "10", 5f), ("100", "11", 2f), ("100", "11", 3f), ("200", "10", 7f), ("200", "14", 1f)],
            records.Select(r => (r.User, r.Item, r.Count)));
    }

    [Fact]
    public void The_file_reader_finds_the_alias_file_beside_the_data()
    {
        var records = InteractionFileReader.Read(InteractionFormat.Audioscrobbler, Fixtures.Path("audioscrobbler/user_artist_data.txt")).ToList();
        Assert.DoesNotContain(records, r => r.Item == "99");
    }

    [Fact]
    public void Aliases_in_a_cycle_resolve_without_looping()
    {
        var aliases = new ArtistAliases(new Dictionary<string, string> { ["a"] = "b", ["b"] = "a" });
        Assert.Contains(aliases.Resolve("a"), new[] { "a", "b" });
    }

    [Fact]
    public void A_tab_separated_line_is_malformed_in_this_format()
    {
        using var file = TempFile.WithText("1 2 3\r\n1\t2\t3\r\n");
        var report = new ReadReport();
        var records = AudioscrobblerReader.Read(file.Path, options: ReaderOptions.Lenient, report: report).ToList();
        Assert.Single(records);
        Assert.Equal(1, report.SkippedLines);
    }
}
