using System.Text.Json.Nodes;

namespace OpenMrs.Training.Tests.Cli;

public class SweepCommandTests
{
    [Fact]
    public async Task Sweep_scores_every_configuration_on_validation_and_tests_the_default_and_the_winner()
    {
        using var work = new WorkFolder();
        var data = work.WriteTasteGroups("plays.tsv", users: 160);
        var json = work.File("sweep.json");
        var html = work.File("sweep.html");

        var run = await CliRun.RunAsync(["eval", "--data", data, "--models", "pop,als", "--k", "5", "--sweep",
            "--set", "als.iterations=4", "--grid", "als.factors=1,8", "--grid", "als.alpha=1,5", "--json", json, "--html", html]);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal("", run.Error);
        var root = JsonNode.Parse(File.ReadAllText(json))!;
        var sweep = root["sweep"]!;
        Assert.Equal("ndcg@10", (string)sweep["metric"]!);
        Assert.True((long)sweep["validation"]!["validation_interactions"]! > 0);
        var models = sweep["models"]!.AsArray();
        Assert.Equal(["pop", "als"], models.Select(m => (string)m!["name"]!));

        var als = models[1]!;
        var trials = als["trials"]!.AsArray();
        Assert.Equal(5, trials.Count);
        Assert.True((bool)trials[0]!["default"]!);
        Assert.Equal(["1/1", "1/5", "8/1", "8/5"], trials.Skip(1).Select(t => $"{t!["options"]!["factors"]}/{t["options"]!["alpha"]}"));
        Assert.All(trials, t => Assert.Equal("4", (string)t!["options"]!["iterations"]!));
        var scores = trials.Select(t => (double)t!["score"]!).ToList();
        var winner = als["winner"]!["options"]!;
        var winnerTrial = trials.Single(t => t!["options"]!.ToJsonString() == winner.ToJsonString())!;
        Assert.Equal(scores.Max(), (double)winnerTrial["score"]!);

        // The test section is an ordinary eval report of the default and the winner, scored at k = 5 and the sweep's 10.
        var tested = root["test"]!["models"]!.AsArray().Select(m => (string)m!["name"]!).ToList();
        Assert.Contains("pop (default = winner)", tested);
        Assert.Contains(tested, name => name.StartsWith("als (default", StringComparison.Ordinal));
        Assert.Equal([5, 10], root["test"]!["ks"]!.AsArray().Select(k => (int)k!));
        Assert.Contains("validation ndcg@10", run.Output);
        Assert.Contains("at the default", run.Output);
        Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(html));
    }

    private static async Task<string> UsageError(params string[] args)
    {
        var run = await CliRun.RunAsync(args);
        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        return run.Error;
    }

    [Fact]
    public async Task A_grid_needs_sweep() =>
        Assert.Contains("need --sweep", await UsageError("eval", "--data", "x", "--models", "als", "--grid", "als.factors=8,16"));

    [Fact]
    public async Task A_grid_over_the_limit_is_refused_before_reading_data() =>
        Assert.Contains("over the limit of 2", await UsageError("eval", "--data", "missing.tsv", "--models", "als", "--sweep",
            "--max-configs", "2", "--grid", "als.factors=8,16,32"));

    [Fact]
    public async Task A_bad_grid_value_is_refused_before_reading_data() =>
        Assert.Contains("'factors' must be an integer", await UsageError("eval", "--data", "missing.tsv", "--models", "als", "--sweep",
            "--grid", "als.factors=8,lots"));

    [Fact]
    public async Task A_sweep_needs_a_split_it_can_carve_again() =>
        Assert.Contains("--split holdout or msd", await UsageError("eval", "--data", "x", "--models", "als", "--sweep", "--split", "last"));

    [Fact]
    public async Task A_bad_sweep_metric_is_refused() =>
        Assert.Contains("unknown metric 'loss'", await UsageError("eval", "--data", "x", "--models", "als", "--sweep", "--sweep-metric", "loss@10"));
}
