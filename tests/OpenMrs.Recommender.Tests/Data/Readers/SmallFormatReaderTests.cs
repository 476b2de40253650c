using OpenMrs.Recommender.Data.Readers;

namespace OpenMrs.Recommender.Tests.Data.Readers;

public class SmallFormatReaderTests
{
    [Fact]
    public void Numbered_records_carry_their_line_past_headers_blanks_and_skipped_lines()
    {
        using var file = TempFile.WithLines("user\titem\tcount", "a\tx\t2", "", "broken", "b\ty\t1");
        var report = new ReadReport();
        var records = InteractionFileReader.ReadNumbered(InteractionFormat.Tsv, file.Path, ReaderOptions.Lenient, report).ToList();
        Assert.Equal([("a", 2L), ("b", 5L)], records.Select(r => (r.Record.User, r.Line)));
        Assert.Equal(1, report.SkippedLines);
        Assert.StartsWith($"{file.Path}:4:", report.FirstProblems.Single());
    }

    [Fact]
    public void HetRec_skips_its_header()
    {
        using var file = TempFile.WithLines("userID\tartistID\tweight", "2\t51\t13883", "2\t52\t11690");
        var records = HetRecReader.Read(file.Path).ToList();
        Assert.Equal([("2", "51", 13883f), ("2", "52", 11690f)], records.Select(r => (r.User, r.Item, r.Count)));
    }

    [Fact]
    public void HetRec_header_in_the_middle_is_malformed()
    {
        using var file = TempFile.WithLines("2\t51\t13883", "userID\tartistID\tweight");
        var error = Assert.Throws<MalformedInputException>(() => HetRecReader.Read(file.Path).ToList());
        Assert.Equal(2, error.LineNumber);
    }

    [Fact]
    public void ThirtyMusic_keeps_sessions_and_times_in_file_order()
    {
        using var file = TempFile.WithLines(
            "UserId\tSessionId\tItemId\tTime\tArtistId",
            "7\t100\t501\t1000\t9",
            "7\t100\t502\t1200\t9",
            "8\t101\t501\t900\t9");
        var records = ThirtyMusicReader.Read(file.Path).ToList();
        Assert.Equal(
            [("7", "100", "501", 1000L), ("7", "100", "502", 1200L), ("8", "101", "501", 900L)],
            records.Select(r => (r.User, r.Session!, r.Item, r.Time!.Value)));
    }

    [Fact]
    public void ThirtyMusic_names_each_rows_track_and_artist_and_skips_rows_without_one()
    {
        using var file = TempFile.WithLines(
            "UserId\tSessionId\tItemId\tTime\tArtistId",
            "7\t100\t501\t1000\t9",
            "7\t100\t502\t1200\t 12 ",
            "8\t101\t503\t900",
            "8\t101\t504\t950\t");
        Assert.Equal([("501", "9"), ("502", "12")], ThirtyMusicReader.Artists(file.Path).ToList());
    }

    [Fact]
    public void ThirtyMusic_bad_time_is_reported()
    {
        using var file = TempFile.WithLines("UserId\tSessionId\tItemId\tTime\tArtistId", "7\t100\t501\tnoon\t9");
        var error = Assert.Throws<MalformedInputException>(() => ThirtyMusicReader.Read(file.Path).ToList());
        Assert.Equal(2, error.LineNumber);
        Assert.Contains("Time 'noon'", error.Message);
    }

    [Fact]
    public void Count_tsv_takes_a_non_numeric_first_line_as_header_and_two_columns_as_one_play()
    {
        using var file = TempFile.WithLines("user\titem\tcount", "1\t5\t4", "1\t6");
        var records = CountTsvReader.Read(file.Path).ToList();
        Assert.Equal([("1", "5", 4f), ("1", "6", 1f)], records.Select(r => (r.User, r.Item, r.Count)));
    }

    [Fact]
    public void Every_format_name_parses()
    {
        foreach (var name in new[] { "msd", "lastfm1k", "hetrec", "audioscrobbler", "30music", "tsv", "MSD" })
            Assert.True(InteractionFormats.TryParse(name, out _), name);
        Assert.False(InteractionFormats.TryParse("csv", out _));
    }
}
