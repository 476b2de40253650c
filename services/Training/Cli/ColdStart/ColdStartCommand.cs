using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenMrs.Audio.ContentToFactors;
using OpenMrs.Recommender.Evaluation.ColdStart;
using OpenMrs.Training.Cli.Reports;
using Spectre.Console;

namespace OpenMrs.Training.Cli.ColdStart;

/// <summary>
/// <c>coldstart</c>: ALGORITHMS.md C's evaluation of content-to-factors (<see cref="ContentFactorsExperiment"/>) on
/// generated data (<see cref="SyntheticContentCatalog"/>), since no data set here has audio, titles and tags together:
/// MAP@500 and recall@k of ŷ · x_u on held-out tracks for the content model, random factors and the artist's average.
/// Prints a table; writes JSON (<c>{ data, models: [ { name, "map@500", "recall@10", ... } ], epochs, best_epoch }</c>) and HTML.
/// </summary>
public static class ColdStartCommand
{
    public static Task<int> RunAsync(IReadOnlyList<string> args, IAnsiConsole console, CancellationToken cancellationToken = default)
    {
        var a = ColdStartArguments.Parse(args);
        var data = new SyntheticContentCatalog(genres: a.Genres, artists: Math.Max(2, a.Tracks / 10), tracks: a.Tracks, users: a.Users, seed: a.Seed);
        var options = new ContentToFactorsOptions { HiddenLayers = [a.Hidden], BatchSize = 128, Seed = a.Seed, Text = new(MinDocumentFrequency: 2) };
        ContentFactorsEvaluation result;
        try
        {
            result = ContentFactorsExperiment.Run(data, options, a.HeldOut, factors: 16, seed: a.Seed, cancellationToken: cancellationToken);
        }
        catch (ArgumentException e)
        {
            throw new CliUsageException(e.Message);
        }
        var rows = new (string Name, ColdStartMetrics Metrics)[] { ("content-factors", result.Content), ("artist average", result.ArtistAverage), ("random", result.Random) };
        var description = $"generated data: {a.Tracks} tracks ({result.TrainTracks} train, {result.HeldOutTracks} held out with all their plays), {a.Users} users, " +
                          $"{a.Genres} genres, seed {a.Seed}; content model trained {result.History.Epochs} epochs, best {result.History.BestEpoch}";

        var table = new Table().AddColumn("model").AddColumn("MAP@500");
        foreach (var k in result.Content.RecallAt.Keys) table.AddColumn($"recall@{k}");
        foreach (var (name, m) in rows)
            table.AddRow([name, F(m.MapAt500), .. m.RecallAt.Values.Select(F)]);
        console.WriteLine(description);
        console.Write(table);

        if (a.Json is { } json)
        {
            var root = new JsonObject
            {
                ["data"] = description,
                ["held_out_tracks"] = result.HeldOutTracks,
                ["users"] = result.Content.Users,
                ["epochs"] = result.History.Epochs,
                ["best_epoch"] = result.History.BestEpoch,
                ["models"] = new JsonArray([.. rows.Select(r => (JsonNode)new JsonObject(
                    r.Metrics.ToDictionary().Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Math.Round(kv.Value, 8))).Prepend(KeyValuePair.Create("name", (JsonNode?)r.Name))))]),
            };
            ReportFiles.Write(json, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), console);
        }
        if (a.Html is { } html)
            ReportFiles.Write(html, HtmlReportWriter.Write(description, [.. rows.Select(r => (r.Name, r.Metrics))],
                result.History.TrainLoss, result.History.ValidationLoss), console);
        return Task.FromResult(0);
    }

    private static string F(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);
}
