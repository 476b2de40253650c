using System.Text.Json.Nodes;
using OpenMrs.Recommender.Evaluation;

namespace OpenMrs.Training.Tests.Cli;

public class EvalCommandTests
{
    private static readonly string[] QuickAls = ["--set", "als.factors=8", "--set", "als.iterations=4"];

    [Fact]
    public async Task Writes_json_and_html_with_every_model_and_metric()
    {
        using var work = new WorkFolder();
        var data = work.WriteTasteGroups("plays.tsv");
        var json = work.File("out/results.json");
        var html = work.File("out/report.html");

        var run = await CliRun.RunAsync(["eval", "--data", data, "--format", "tsv", "--models", "pop,als", "--k", "5,10",
            .. QuickAls, "--json", json, "--html", html]);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal("", run.Error);
        var root = JsonNode.Parse(File.ReadAllText(json))!;
        var models = root["models"]!.AsArray();
        Assert.Equal(["pop", "als"], models.Select(m => (string)m!["name"]!));
        foreach (var model in models)
            foreach (var k in new[] { "5", "10" })
                foreach (var metric in MetricsAtK.Names)
                {
                    var value = (double)model!["metrics"]![k]![metric]!;
                    Assert.True(double.IsFinite(value) && value >= 0, $"{model["name"]} {metric}@{k} = {value}");
                }
        Assert.Equal(120, (int)root["dataset"]!["users"]!);
        Assert.NotNull(models[1]!["loss"]!.AsArray());

        var page = File.ReadAllText(html);
        Assert.StartsWith("<!DOCTYPE html>", page);
        Assert.Contains("<svg", page);
        Assert.Contains("Training loss", page);
        foreach (var metric in MetricsAtK.Names) Assert.Contains($">{metric}<", page);
        Assert.DoesNotContain("<script", page);
        Assert.DoesNotContain("http://", page.Replace("http://www.w3.org/2000/svg", ""));
        Assert.DoesNotContain("https://", page);
        Assert.Contains("als", run.Output);
        Assert.Contains("ndcg", run.Output);
    }

    [Fact]
    public async Task Collaborative_model_finds_the_taste_groups_better_than_popularity()
    {
        using var work = new WorkFolder();
        var data = work.WriteTasteGroups("plays.tsv", users: 200);
        var json = work.File("results.json");

        var run = await CliRun.RunAsync(["eval", "--data", data, "--models", "pop,als", "--k", "10",
            "--set", "als.factors=4", "--set", "als.iterations=6", "--json", json]);

        Assert.True(run.ExitCode == 0, run.Error);
        var models = JsonNode.Parse(File.ReadAllText(json))!["models"]!.AsArray();
        double Map(int m) => (double)models[m]!["metrics"]!["10"]!["map"]!;
        Assert.True(Map(1) > Map(0), $"als map {Map(1)} vs pop {Map(0)}");
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_metrics()
    {
        using var work = new WorkFolder();
        var data = work.WriteTasteGroups("plays.tsv");
        var first = work.File("a.json");
        var second = work.File("b.json");
        string[] common = ["eval", "--data", data, "--models", "pop,als", "--k", "5", "--seed", "3", .. QuickAls];

        Assert.Equal(0, (await CliRun.RunAsync([.. common, "--json", first])).ExitCode);
        Assert.Equal(0, (await CliRun.RunAsync([.. common, "--json", second])).ExitCode);

        static string Metrics(string path) => string.Join("\n",
            JsonNode.Parse(File.ReadAllText(path))!["models"]!.AsArray().Select(m => m!["metrics"]!.ToJsonString()));
        Assert.Equal(Metrics(first), Metrics(second));
    }

    [Fact]
    public async Task An_explicit_test_file_is_used_instead_of_a_split()
    {
        using var work = new WorkFolder();
        var train = work.Write("train.tsv", ["user\titem\tcount", "a\tx\t1", "a\ty\t2", "b\tx\t1", "b\tz\t1", "c\ty\t1"]);
        var test = work.Write("test.tsv", ["user\titem\tcount", "a\tz\t1", "c\tx\t3", "c\tnew\t1"]);
        var json = work.File("results.json");

        var run = await CliRun.RunAsync(["eval", "--data", train, "--test", test, "--models", "pop", "--k", "1,2", "--json", json]);

        Assert.True(run.ExitCode == 0, run.Error);
        var root = JsonNode.Parse(File.ReadAllText(json))!;
        Assert.Equal(2, (int)root["dataset"]!["test_users"]!);
        Assert.Equal(2, (int)root["dataset"]!["test_interactions"]!);
        Assert.Equal(1, (int)root["dataset"]!["dropped_cold_test_cells"]!);
        // popularity ranks x (2 listeners) first: a has x, so gets z (hit at 1); c has y, so gets x (hit at 1)
        Assert.Equal(1.0, (double)root["models"]![0]!["metrics"]!["1"]!["hitrate"]!, 6);
    }

    [Fact]
    public async Task Leave_last_split_works_on_timed_sessions()
    {
        using var work = new WorkFolder();
        var lines = new List<string> { "UserId\tSessionId\tItemId\tTime\tArtistId" };
        for (var u = 0; u < 30; u++)
            for (var i = 0; i < 8; i++) lines.Add($"{u}\t{u * 10 + i / 4}\t{(u + i) % 20}\t{1000 + i * 60}\t1");
        var data = work.Write("sessions.txt", lines);
        var json = work.File("results.json");

        var run = await CliRun.RunAsync(["eval", "--data", data, "--format", "30music", "--split", "last", "--last-k", "2", "--models", "pop", "--k", "5", "--json", json]);

        Assert.True(run.ExitCode == 0, run.Error);
        var root = JsonNode.Parse(File.ReadAllText(json))!;
        Assert.Equal(60, (int)root["dataset"]!["test_interactions"]!);
    }

    [Fact]
    public async Task Session_split_scores_next_track_prediction()
    {
        using var work = new WorkFolder();
        var lines = new List<string> { "UserId\tSessionId\tItemId\tTime\tArtistId" };
        var random = new Random(5);
        for (var s = 0; s < 60; s++)
            for (var i = 0; i < 5; i++) lines.Add($"{s % 12}\t{s}\t{random.Next(25)}\t{10_000 + s * 1000 + i * 60}\t1");
        var data = work.Write("sessions.txt", lines);
        var json = work.File("results.json");

        var run = await CliRun.RunAsync(["eval", "--data", data, "--format", "30music", "--split", "sessions", "--models", "pop", "--k", "5,10", "--json", json]);

        Assert.True(run.ExitCode == 0, run.Error);
        var model = JsonNode.Parse(File.ReadAllText(json))!["models"]![0]!;
        Assert.True((long)model["evaluated"]! > 0);
        foreach (var metric in new[] { "hitrate", "mrr", "ndcg" })
        {
            var at5 = (double)model["metrics"]!["5"]![metric]!;
            var at10 = (double)model["metrics"]!["10"]![metric]!;
            Assert.InRange(at5, 0, 1);
            Assert.True(at10 >= at5, $"{metric}@10 {at10} < @5 {at5}");
        }
        Assert.Null(model["metrics"]!["5"]!["map"]);
    }

    [Fact]
    public async Task Last_fm_scrobbles_become_ratings_before_the_split()
    {
        using var work = new WorkFolder();
        var lines = new List<string>();
        var start = new DateTimeOffset(2009, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var u = 0; u < 20; u++)
            for (var t = 0; t < 6; t++)
                for (var play = 0; play <= t % 3; play++)
                    lines.Add($"user_{u}\t{start.AddDays(u + t * 3 + play * 2):yyyy-MM-ddTHH:mm:ssZ}\tart\tArtist {t}\t\tSong {(u + t) % 9}");
        var data = work.Write("scrobbles.tsv", lines);
        var json = work.File("results.json");

        var run = await CliRun.RunAsync(["eval", "--data", data, "--format", "lastfm1k", "--ratings", "lastfm", "--models", "pop", "--k", "3", "--json", json]);

        Assert.True(run.ExitCode == 0, run.Error);
        var dataset = JsonNode.Parse(File.ReadAllText(json))!["dataset"]!;
        Assert.Equal(20, (int)dataset["users"]!);
        Assert.Equal(lines.Count, (long)dataset["records"]!);
    }

    [Fact]
    public async Task No_command_starts_the_service_with_the_configuration_arguments()
    {
        var bare = await CliRun.RunAsync();
        var configured = await CliRun.RunAsync("--urls", "http://localhost:5000");
        var help = await CliRun.RunAsync("eval", "--help");

        Assert.Equal(new string[0], bare.Served);
        Assert.Equal(new[] { "--urls", "http://localhost:5000" }, configured.Served);
        Assert.Null(help.Served);
    }

    [Fact]
    public async Task Help_lists_usage_and_models()
    {
        var run = await CliRun.RunAsync("eval", "--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--data FILE", run.Output);
        Assert.Contains("als", run.Output);
    }
}
