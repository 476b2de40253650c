using System.Text.Json.Nodes;

namespace OpenMrs.Training.Tests.Cli;

/// <summary><c>eval --split sessions</c> on explicit train / test files, with repeats, unseen items and descriptors.</summary>
public class EvalSessionFilesTests
{
    private const string Header = "user\tsession\titem\ttime";

    /// <summary>Training sessions a → b → c → d, repeated, so every track is known.</summary>
    private static string WriteTrain(WorkFolder work) =>
        work.Write("train.tsv", [Header, .. Enumerable.Range(0, 20).SelectMany(s =>
            new[] { "a", "b", "c", "d" }.Select((item, i) => $"u{s % 5}\ts{s}\t{item}\t{1000 * s + i}"))]);

    [Fact]
    public async Task Explicit_files_count_repeats_drop_unseen_tracks_and_say_how_many()
    {
        using var work = new WorkFolder();
        var train = WriteTrain(work);
        // t1: a, new, b, a, a → new dropped: a b a a; t2: c, other → one play left: dropped
        var test = work.Write("test.tsv", [Header, "v\tt1\ta\t90000", "v\tt1\tnew\t90001", "v\tt1\tb\t90002", "v\tt1\ta\t90003", "v\tt1\ta\t90004",
            "w\tt2\tc\t90100", "w\tt2\tother\t90101"]);

        async Task<JsonNode> Run(params string[] extra)
        {
            var json = work.File($"r{extra.Length}.json");
            var run = await CliRun.RunAsync(["eval", "--split", "sessions", "--train", train, "--test", test, "--models", "pop,sknn", "--k", "1,5", "--json", json, .. extra]);
            Assert.True(run.ExitCode == 0, run.Error + run.Output);
            return JsonNode.Parse(File.ReadAllText(json))!;
        }

        var skipped = await Run();
        var counted = await Run("--repeats");

        var split = (string)counted["dataset"]!["split"]!;
        Assert.Contains("2 plays of tracks unseen in training dropped, 1 sessions left shorter than 2 dropped; 1 scored, repeats counted", split);
        // a b a a: without repeats only a → b is a target; with repeats b, a and a are
        Assert.Equal(1, (long)skipped["models"]![0]!["evaluated"]!);
        Assert.Equal(3, (long)counted["models"]![0]!["evaluated"]!);
        Assert.Equal("n/a", (string)counted["models"]![1]!["smoothness"]!);
        // the training sessions always go a → b, so sknn ranks b first after a
        Assert.Equal(1.0, (double)skipped["models"]![1]!["metrics"]!["1"]!["hitrate"]!, 6);
    }

    [Fact]
    public async Task Descriptors_give_the_key_and_tempo_smoothness()
    {
        using var work = new WorkFolder();
        var train = WriteTrain(work);
        var test = work.Write("test.tsv", [Header, "v\tt1\ta\t90000", "v\tt1\tb\t90002"]);
        var descriptors = work.Write("descriptors.tsv", ["item\tkey\tmode\ttempo", "a\t0\t1\t100", "b\t7\t1\t200", "c\t6\t1\t100", "d\t0\t1\t100"]);
        var json = work.File("r.json");

        var run = await CliRun.RunAsync(["eval", "--split", "sessions", "--train", train, "--test", test, "--models", "sknn", "--k", "1", "--descriptors", descriptors, "--json", json]);

        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        var smoothness = JsonNode.Parse(File.ReadAllText(json))!["models"]![0]!["smoothness"]!;
        // sknn's top-1 after a is b, the actual next track: C → G is one fifth (keysim 1), 100 → 200 a doubling (temposim 1)
        Assert.Equal(1, (long)smoothness["transitions"]!);
        Assert.Equal(1.0, (double)smoothness["key"]!, 6);
        Assert.Equal(1.0, (double)smoothness["tempo"]!, 6);
        Assert.Equal(1.0, (double)smoothness["actual_key"]!, 6);
    }

    [Fact]
    public async Task A_bad_test_row_is_one_line_with_the_file_and_line()
    {
        using var work = new WorkFolder();
        var train = WriteTrain(work);
        var test = work.Write("test.tsv", [Header, "v\tt1\ta\t90000", "v\tt1\tb\tlater"]);

        var run = await CliRun.RunAsync(["eval", "--split", "sessions", "--train", train, "--test", test]);

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"eval: {test}:3: time 'later' is not a unix time in seconds", line);
    }

    [Theory]
    [InlineData(new[] { "--train", "x", "--models", "pop" }, "--train works with --split sessions only")]
    [InlineData(new[] { "--data", "x", "--repeats" }, "--repeats works with --split sessions only")]
    [InlineData(new[] { "--split", "sessions", "--train", "x", "--test", "y", "--test-days", "1" }, "give --test FILE or --test-days N, not both")]
    [InlineData(new[] { "--split", "sessions", "--train", "x", "--validation" }, "--validation needs --test FILE or --test-days N")]
    public async Task Session_options_are_checked(string[] args, string expected)
    {
        var run = await CliRun.RunAsync(["eval", .. args]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Error);
    }
}
