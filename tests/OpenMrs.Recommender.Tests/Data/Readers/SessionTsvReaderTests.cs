using OpenMrs.Recommender.Data.Readers;

namespace OpenMrs.Recommender.Tests.Data.Readers;

public class SessionTsvReaderTests
{
    [Fact]
    public void A_plain_header_names_the_columns_in_any_order()
    {
        using var file = TempFile.WithLines("time\titem\tsession_id\tuser", "100\tt1\ts1\tu1", "160.7\tt2\ts1\tu1");

        var records = InteractionFileReader.Read(InteractionFormat.Sessions, file.Path).ToList();

        Assert.Equal([new InteractionRecord("u1", "t1", 1, 100, "s1"), new InteractionRecord("u1", "t2", 1, 160, "s1")], records);
    }

    [Fact]
    public void A_30Music_file_reads_as_it_is()
    {
        using var file = TempFile.WithLines("UserId\tSessionId\tItemId\tTime\tArtistId", "40265\t2464\t1818271\t1397982525\t228054");

        var record = Assert.Single(InteractionFileReader.Read(InteractionFormat.Sessions, file.Path));

        Assert.Equal(new InteractionRecord("40265", "1818271", 1, 1397982525, "2464"), record);
    }

    [Theory]
    [InlineData("user\tsession\titem\ttime|u\ts\tt|", ":2: expected 4 fields (user, session, item, time) but found 3")]
    [InlineData("user\tsession\titem\ttime|u\ts\tt\tyesterday|", ":2: time 'yesterday' is not a unix time in seconds")]
    [InlineData("user\tsession\titem\ttime|u\t\tt\t5|", ":2: session is empty")]
    [InlineData("user\titem\ttime|u\tt\t5|", ":1: expected a tab-separated header naming the user, session, item, time columns; no session column")]
    [InlineData("u\ts\tt\t5|", ":1: expected a tab-separated header naming the user, session, item, time columns; no user, session, item, time column")]
    public void A_bad_row_or_header_is_one_line_naming_the_file_and_line(string text, string expected)
    {
        using var file = TempFile.WithText(text.Replace('|', '\n'));

        var error = Assert.Throws<MalformedInputException>(() => InteractionFileReader.Read(InteractionFormat.Sessions, file.Path).ToList());

        Assert.StartsWith(file.Path + expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_missing_header_is_not_skipped_by_the_lenient_reader()
    {
        using var file = TempFile.WithLines("u\ts\tt\t5", "u\ts\tt2\t6");

        Assert.Throws<MalformedInputException>(() => InteractionFileReader.Read(InteractionFormat.Sessions, file.Path, ReaderOptions.Lenient).ToList());
    }
}
