using System.Text.Json.Nodes;

namespace OpenMrs.Training.Tests.Cli;

/// <summary>The same plays in any row order (as exported, newest first, shuffled) evaluate to the same figures.</summary>
public class EvalRowOrderTests
{
    /// <summary>Sessions of listeners who walk a catalogue in runs, with many plays in the same second as the one before.</summary>
    private static List<string> SessionRows()
    {
        var random = new Random(13);
        var rows = new List<string>();
        for (var s = 0; s < 80; s++)
        {
            var time = 50_000 + s * 900 + random.Next(300);
            var track = random.Next(30);
            for (var p = 0; p < random.Next(3, 8); p++)
            {
                rows.Add($"user{s % 15}\t{s}\t{track}\t{time}\t1");
                track = (track + random.Next(1, 3)) % 30;
                time += random.Next(0, 2) * 40;
            }
        }
        return rows;
    }

    private static async Task<JsonNode> Metrics(WorkFolder work, string name, IEnumerable<string> lines, params string[] args)
    {
        var data = work.Write(name, lines);
        var json = work.File(name + ".json");
        var run = await CliRun.RunAsync(["eval", "--data", data, .. args, "--json", json]);
        Assert.True(run.ExitCode == 0, run.Error);
        var root = JsonNode.Parse(File.ReadAllText(json))!;
        var models = root["models"]!.AsArray();
        foreach (var model in models)
        {
            model!.AsObject().Remove("fit_seconds");
            model.AsObject().Remove("evaluate_seconds");
        }
        return new JsonObject { ["dataset_test_interactions"] = (long)root["dataset"]!["test_interactions"]!, ["models"] = models.DeepClone() };
    }

    [Fact]
    public async Task Next_track_figures_are_the_same_for_forward_reversed_and_shuffled_rows()
    {
        using var work = new WorkFolder();
        const string header = "UserId\tSessionId\tItemId\tTime\tArtistId";
        var rows = SessionRows();
        var shuffled = rows.ToArray();
        new Random(4).Shuffle(shuffled);
        string[] args = ["--format", "30music", "--split", "sessions", "--models", "itemknn,pop", "--k", "5,10"];

        var forward = await Metrics(work, "forward.txt", [header, .. rows], args);
        var reversed = await Metrics(work, "reversed.txt", [header, .. Enumerable.Reverse(rows)], args);
        var mixed = await Metrics(work, "shuffled.txt", [header, .. shuffled], args);

        Assert.True((double)forward["models"]![0]!["metrics"]!["10"]!["hitrate"]! > 0);
        Assert.Equal(forward.ToJsonString(), reversed.ToJsonString());
        Assert.Equal(forward.ToJsonString(), mixed.ToJsonString());
    }

    [Fact]
    public async Task Leave_last_on_newest_first_scrobbles_matches_oldest_first()
    {
        using var work = new WorkFolder();
        var start = new DateTimeOffset(2009, 5, 1, 0, 0, 0, TimeSpan.Zero);
        var oldestFirst = new List<string>();
        for (var u = 0; u < 12; u++)
            for (var t = 0; t < 8; t++) // plays 2 and 3 of each user share a second
                oldestFirst.Add($"user_{u}\t{start.AddMinutes(u * 100 + (t == 3 ? 2 : t) * 4):yyyy-MM-ddTHH:mm:ssZ}\t\tArtist\t\tSong {(u + t * 3) % 14}");
        string[] args = ["--format", "lastfm1k", "--split", "last", "--last-k", "2", "--models", "pop,itemknn", "--k", "3"];

        var oldest = await Metrics(work, "oldest.tsv", oldestFirst, args);
        var newest = await Metrics(work, "newest.tsv", Enumerable.Reverse(oldestFirst), args);

        Assert.True((long)oldest["dataset_test_interactions"]! > 0);
        Assert.Equal(oldest.ToJsonString(), newest.ToJsonString());
    }
}
