using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenMrs.Audio.ContentToFactors;
using OpenMrs.Recommender.Evaluation.ColdStart;
using OpenMrs.Recommender.Text;
using OpenMrs.Training.Cli.Reports;
using Spectre.Console;

namespace OpenMrs.Training.Cli.ColdStart;

/// <summary>
/// <c>coldstart</c>: ALGORITHMS.md C's evaluation of content-to-factors (<see cref="ContentFactorsExperiment"/>) on
/// generated data (<see cref="SyntheticContentCatalog"/>), since no data set here has audio, titles and tags together:
/// MAP@500 and recall@k of ŷ · x_u on held-out tracks for the content model (also given only the audio or only the
/// text), random factors and the artist's average. <c>--architecture</c> and <c>--text</c> choose the network and the text encoder.
/// Prints a table; writes JSON (<c>{ data, models: [ { name, "map@500", "recall@10", ... } ], epochs, best_epoch, architecture, text, validation_loss }</c>) and HTML.
/// </summary>
public static class ColdStartCommand
{
    public static Task<int> RunAsync(IReadOnlyList<string> args, IAnsiConsole console, CancellationToken cancellationToken = default)
    {
        var a = ColdStartArguments.Parse(args);
        var data = new SyntheticContentCatalog(genres: a.Genres, artists: Math.Max(2, a.Tracks / 10), tracks: a.Tracks, users: a.Users, seed: a.Seed);
        var options = new ContentToFactorsOptions
        {
            Architecture = a.Architecture, HiddenLayers = [a.Hidden], TextLayers = [a.Hidden, a.Hidden], BatchSize = 128, Seed = a.Seed,
            Text = new(MinDocumentFrequency: 2),
        };
        Func<IEnumerable<TrackText>, ITextEncoder>? fitText = a.Text == Word2VecTextEncoder.Kind
            ? texts => Word2VecTextEncoder.Fit(texts, new Word2VecOptions { Seed = a.Seed }, cancellationToken)
            : null;
        ContentFactorsEvaluation result;
        try
        {
            result = ContentFactorsExperiment.Run(data, options, a.HeldOut, factors: 16, seed: a.Seed, fitText, cancellationToken);
        }
        catch (ArgumentException e)
        {
            throw new CliUsageException(e.Message);
        }
        var rows = new (string Name, ColdStartMetrics Metrics)[]
        {
            ("content-factors", result.Content), ("content, audio only", result.AudioOnly), ("content, text only", result.TextOnly),
            ("artist average", result.ArtistAverage), ("random", result.Random),
        };
        var description = $"generated data: {a.Tracks} tracks ({result.TrainTracks} train, {result.HeldOutTracks} held out with all their plays), {a.Users} users, " +
                          $"{a.Genres} genres, seed {a.Seed}; content model {a.Architecture.ToString().ToLowerInvariant()} with {a.Text} text, trained {result.History.Epochs} epochs, " +
                          FormattableString.Invariant($"best {result.History.BestEpoch} (validation loss {result.History.BestValidationLoss:0.0000} on a split of the training tracks)");

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
                ["architecture"] = a.Architecture.ToString().ToLowerInvariant(),
                ["text"] = a.Text,
                ["validation_loss"] = Math.Round(result.History.BestValidationLoss, 8),
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
