namespace OpenMrs.Training.Tests.Cli;

public class EvalErrorTests
{
    private static async Task<string> AssertUsageError(params string[] args)
    {
        var run = await CliRun.RunAsync(args);
        Assert.Equal(2, run.ExitCode);
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("eval: ", lines[0]);
        Assert.DoesNotContain("   at ", run.Error);
        return lines[0];
    }

    [Fact]
    public async Task Missing_data_option() => Assert.Contains("--data is required", await AssertUsageError("eval", "--models", "pop"));

    [Fact]
    public async Task Unknown_option() => Assert.Contains("unknown option --colour", await AssertUsageError("eval", "--data", "x", "--colour", "red"));

    [Fact]
    public async Task Option_without_value() => Assert.Contains("--k needs a value", await AssertUsageError("eval", "--data", "x", "--k"));

    [Fact]
    public async Task Bad_k() => Assert.Contains("'ten'", await AssertUsageError("eval", "--data", "x", "--k", "10,ten"));

    [Fact]
    public async Task Bad_fraction() => Assert.Contains("--test-fraction", await AssertUsageError("eval", "--data", "x", "--test-fraction", "1.5"));

    [Fact]
    public async Task Unknown_format() => Assert.Contains("unknown --format 'csv'", await AssertUsageError("eval", "--data", "x", "--format", "csv"));

    [Fact]
    public async Task Unknown_model() => Assert.Contains("unknown model 'nosuch'", await AssertUsageError("eval", "--data", "x", "--models", "nosuch"));

    [Fact]
    public async Task Unknown_model_option() => Assert.Contains("colour", await AssertUsageError("eval", "--data", "x", "--models", "als", "--set", "als.colour=red"));

    [Fact]
    public async Task Set_for_a_model_not_evaluated() =>
        Assert.Contains("not in --models", await AssertUsageError("eval", "--data", "x", "--models", "pop", "--set", "als.factors=8"));

    [Fact]
    public async Task Unreadable_file()
    {
        var path = Path.Combine(Path.GetTempPath(), "missing-" + Guid.NewGuid().ToString("N") + ".tsv");
        Assert.Contains(path, await AssertUsageError("eval", "--data", path));
    }

    [Fact]
    public async Task Malformed_line_names_file_and_line()
    {
        using var work = new WorkFolder();
        var data = work.Write("bad.tsv", ["user\titem\tcount", "a\tx\t1", "a\ty\tlots"]);
        Assert.Contains($"{data}:3:", await AssertUsageError("eval", "--data", data));
    }

    [Fact]
    public async Task Skip_bad_lines_reports_and_carries_on()
    {
        using var work = new WorkFolder();
        var data = work.WriteTasteGroups("plays.tsv");
        File.AppendAllLines(data, ["broken line", "u\ti\t-4"]);

        var run = await CliRun.RunAsync("eval", "--data", data, "--skip-bad-lines", "--models", "pop");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("2 malformed lines skipped", run.Output);
    }

    [Fact]
    public async Task Leave_last_on_a_format_without_times()
    {
        using var work = new WorkFolder();
        var data = work.WriteTasteGroups("plays.tsv");
        Assert.Contains("--split last needs play times", await AssertUsageError("eval", "--data", data, "--split", "last"));
    }
}
