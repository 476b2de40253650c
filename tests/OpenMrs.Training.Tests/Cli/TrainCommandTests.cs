using System.Text.Json.Nodes;
using OpenMrs.ModelStore.Formats;
using OpenMrs.ModelStore.Store;
using OpenMrs.Recommender.Models.Als;
using OpenMrs.Testing.Planted;

namespace OpenMrs.Training.Tests.Cli;

/// <summary>
/// <c>train</c> runs the live cycle's steps on a listening file and writes into a model store that Serving's reader
/// loads; <c>eval --store</c> scores a stored version on another file's holdout, as served.
/// </summary>
public class TrainCommandTests
{
    private static readonly string[] QuickAls =
        ["--set", "als.factors=16", "--set", "als.iterations=8", "--set", "als.regularization=0.1", "--set", "als.alpha=5"];

    [Fact]
    public async Task A_timed_planted_file_becomes_a_loadable_wals_model_in_the_store_whose_held_out_ndcg_beats_popularity()
    {
        using var work = new WorkFolder();
        var stream = new PlantedListenStream(users: 120, listensPerUser: 24);
        var plays = PlantedListeningFile.WriteThirtyMusic(stream, work.File("planted.txt"));
        var storePath = work.File("store");
        var json = work.File("train.json");

        var run = await CliRun.RunAsync(["train", "--data", work.File("planted.txt"), "--format", "30music", "--store", storePath,
            "--models", "als", .. QuickAls, "--json", json, "--html", work.File("train.html")]);

        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        var root = JsonNode.Parse(File.ReadAllText(json))!;
        var als = root["models"]!.AsArray().Single()!;
        Assert.Equal("published", (string)als["outcome"]!);
        Assert.Equal("popularity", (string)als["reference"]!);
        var ndcg = (double)als["metrics"]!["ndcg@10"]!;
        var popularity = (double)root["popularity"]!["ndcg@10"]!;
        Assert.True(ndcg > popularity, $"WALS NDCG@10 {ndcg:F3} vs popularity {popularity:F3}");
        Assert.Contains("event times from the file", (string)root["dataset"]!["split"]!);

        var store = new FileSystemModelStore(storePath);
        var version = store.LatestVersion(ImplicitAlsModel.KindName);
        Assert.Equal((string)als["version"]!, version);
        var model = TrainedModelFile.Load(store, ImplicitAlsModel.KindName, version!);
        Assert.NotNull(model.Factors);
        Assert.Equal(stream.UserGroup.Count, model.Users.Count);
        var manifest = store.ReadManifest(ImplicitAlsModel.KindName, version!);
        Assert.Equal(plays.Count, manifest.Provenance!.EventCount);
        Assert.Equal(plays[0].OccurredAt, manifest.Provenance.DataFrom);
        Assert.Equal(plays[^1].OccurredAt, manifest.Provenance.DataTo);
        Assert.Equal("16", manifest.Provenance.Hyperparameters["factors"]);
        Assert.Contains("<svg", File.ReadAllText(work.File("train.html")));
        Assert.Contains(version!, run.Output);
    }

    [Fact]
    public async Task A_file_without_times_is_trained_in_a_synthetic_order_each_play_count_being_that_many_plays()
    {
        using var work = new WorkFolder();
        var rows = PlantedListeningFile.WriteCounts(new PlantedListenStream(users: 120, listensPerUser: 24, seed: 5), work.File("counts.tsv"));
        var storePath = work.File("store");
        var json = work.File("train.json");

        var run = await CliRun.RunAsync(["train", "--data", work.File("counts.tsv"), "--store", storePath, "--models", "als", .. QuickAls, "--json", json]);

        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        var root = JsonNode.Parse(File.ReadAllText(json))!;
        Assert.Contains("synthetic order", (string)root["dataset"]!["split"]!);
        Assert.Contains(root["notes"]!.AsArray(), n => ((string)n!).Contains("synthetic order"));
        Assert.Contains("synthetic order", run.Output);
        var als = root["models"]!.AsArray().Single()!;
        Assert.True((string)als["outcome"]! == "published", (string)als["decision"]!);
        Assert.True((int)als["metrics"]!["evaluation_users"]! >= 100, "the synthetic order holds out most users' last records");
        var store = new FileSystemModelStore(storePath);
        var manifest = store.ReadManifest(ImplicitAlsModel.KindName, (string)als["version"]!);
        Assert.Equal(rows.Sum(r => r.Count), manifest.Provenance!.EventCount);
    }

    [Fact]
    public async Task A_second_run_is_judged_against_the_stores_current_version_and_a_stored_version_scores_new_listeners_as_served()
    {
        using var work = new WorkFolder();
        PlantedListeningFile.WriteThirtyMusic(new PlantedListenStream(users: 120, listensPerUser: 24), work.File("history.txt"));
        // Other listeners with the same planted tastes: the stored model never saw them.
        PlantedListeningFile.WriteThirtyMusic(new PlantedListenStream(users: 60, listensPerUser: 24, seed: 23, userPrefix: "newcomer"), work.File("new.txt"));
        var storePath = work.File("store");
        string[] train = ["train", "--data", work.File("history.txt"), "--format", "30music", "--store", storePath, "--models", "als", .. QuickAls];

        Assert.Equal(0, (await CliRun.RunAsync([.. train, "--json", work.File("first.json")])).ExitCode);
        var second = await CliRun.RunAsync([.. train, "--json", work.File("second.json")]);
        Assert.True(second.ExitCode == 0, second.Error);
        var first = JsonNode.Parse(File.ReadAllText(work.File("first.json")))!["models"]![0]!;
        var again = JsonNode.Parse(File.ReadAllText(work.File("second.json")))!["models"]![0]!;
        Assert.Equal($"current {(string)first["version"]!}", (string)again["reference"]!);
        Assert.Contains("current", (string)again["decision"]!);

        var version = new FileSystemModelStore(storePath).LatestVersion("als")!;
        var json = work.File("eval.json");
        var eval = await CliRun.RunAsync(["eval", "--store", storePath, "--model-version", $"als/{version}", "--data", work.File("new.txt"),
            "--format", "30music", "--json", json]);

        Assert.True(eval.ExitCode == 0, eval.Error + eval.Output);
        var root = JsonNode.Parse(File.ReadAllText(json))!;
        var scored = root["models"]![0]!;
        Assert.Equal($"als/{version}", (string)scored["name"]!);
        Assert.Equal("scored", (string)scored["outcome"]!);
        var users = (int)scored["metrics"]!["evaluation_users"]!;
        Assert.Contains($"{users} of {users} evaluation users are not in the model", (string)scored["decision"]!);
        var ndcg = (double)scored["metrics"]!["ndcg@10"]!;
        var popularity = (double)root["popularity"]!["ndcg@10"]!;
        Assert.True(ndcg > popularity, $"stored WALS NDCG@10 {ndcg:F3} vs popularity {popularity:F3} on new listeners");
    }

    [Theory]
    [InlineData("train: option --store is required", "train", "--data", "x.tsv")]
    [InlineData("train: unknown model 'nosuch'", "train", "--data", "x.tsv", "--store", "s", "--models", "nosuch")]
    [InlineData("train: option --holdout must be a number", "train", "--data", "x.tsv", "--store", "s", "--holdout", "2")]
    [InlineData("eval: --model-version takes KIND/VERSION", "eval", "--store", "s", "--model-version", "als", "--data", "x.tsv")]
    [InlineData("eval: unknown option --models: with --store", "eval", "--store", "s", "--model-version", "als/v1", "--data", "x.tsv", "--models", "als")]
    public async Task A_wrong_command_line_is_one_line_and_exit_code_2(string message, params string[] args)
    {
        var run = await CliRun.RunAsync(args);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith(message, Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public async Task A_missing_store_or_version_is_named()
    {
        using var work = new WorkFolder();
        var data = work.Write("plays.tsv", ["u1\tt1\t1"]);
        Directory.CreateDirectory(work.File("store"));

        var missingStore = await CliRun.RunAsync("eval", "--store", work.File("nowhere"), "--model-version", "als/v1", "--data", data);
        var missingVersion = await CliRun.RunAsync("eval", "--store", work.File("store"), "--model-version", "als/v1", "--data", data);

        Assert.Equal(2, missingStore.ExitCode);
        Assert.Contains("no such directory", missingStore.Error);
        Assert.Equal(2, missingVersion.ExitCode);
        Assert.Contains("model 'als' has no version 'v1'", missingVersion.Error);
    }
}
