using OpenMrs.Recommender.Data.Readers;

namespace OpenMrs.Recommender.Tests.Data.Readers;

public class TasteProfileReaderTests
{
    [Fact]
    public void Reads_triplets_in_file_order()
    {
        using var file = TempFile.WithLines("alice\tSOA\t3", "alice\tSOB\t1", "bob\tSOA\t12");
        var records = TasteProfileReader.Read(file.Path).ToList();
        Assert.Equal(
            [new("alice", "SOA", 3), new("alice", "SOB", 1), new InteractionRecord("bob", "SOA", 12)],
            records);
    }

    [Theory]
    [InlineData("alice\tSOA", "expected 3 fields")]
    [InlineData("alice\tSOA\tmany", "'many' is not a number")]
    [InlineData("alice\tSOA\t-2", "not positive")]
    [InlineData("\tSOA\t2", "user is empty")]
    public void Strict_mode_names_file_line_and_problem(string badLine, string problem)
    {
        using var file = TempFile.WithLines("alice\tSOA\t3", badLine, "bob\tSOA\t1");
        var error = Assert.Throws<MalformedInputException>(() => TasteProfileReader.Read(file.Path).ToList());
        Assert.Equal(file.Path, error.File);
        Assert.Equal(2, error.LineNumber);
        Assert.Contains(problem, error.Message);
        Assert.StartsWith($"{file.Path}:2:", error.Message);
    }

    [Fact]
    public void Lenient_mode_skips_and_counts_bad_lines()
    {
        using var file = TempFile.WithLines("alice\tSOA\t3", "garbage", "", "bob\tSOA\tx", "bob\tSOB\t1");
        var report = new ReadReport();
        var records = TasteProfileReader.Read(file.Path, ReaderOptions.Lenient, report).ToList();
        Assert.Equal(["SOA", "SOB"], records.Select(r => r.Item));
        Assert.Equal(2, report.SkippedLines);
        Assert.Equal(2, report.Records);
        Assert.Contains(report.FirstProblems, p => p.StartsWith($"{file.Path}:4:"));
    }

    [Fact]
    public void Missing_file_is_a_typed_error_naming_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), "no-such-" + Guid.NewGuid().ToString("N"));
        var error = Assert.Throws<InputFileException>(() => TasteProfileReader.Read(path).ToList());
        Assert.Contains(path, error.Message);
    }
}
