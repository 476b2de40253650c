using System.Text.Json.Nodes;
using System.Xml.Linq;
using OpenMrs.Recommender.Evaluation;
using OpenMrs.Recommender.Models;
using OpenMrs.Training.Cli.Eval;
using OpenMrs.Training.Cli.Reports;

namespace OpenMrs.Training.Tests.Cli;

public class ReportWriterTests
{
    private static MetricsAtK Metrics(int k, double scale) =>
        new(k, 0.1 * scale, 0.2 * scale, 0.3 * scale, 0.4 * scale, 0.5 * scale, 0.6 * scale, 0.7 * scale, 0.8 * scale, 0.9 * scale, 0.05 * scale, 3 * scale);

    private static EvalReport Report()
    {
        var recorder = new LossRecorder();
        foreach (var (iteration, loss) in new[] { (1, 9.0), (2, 4.0), (3, 2.5) }) recorder.Report(new TrainingProgress(iteration, 3, loss));
        recorder.Report(new TrainingProgress(4, 4, null));
        return new EvalReport(
            new DatasetSummary("plays <&>.tsv", "tsv", null, 10, 20, 80, 20, 9, 100, 0, 0, "holdout"),
            Seed: 42, Ks: [10, 50], PlayCountGains: false,
            Models:
            [
                new ModelResult("gd", new Dictionary<string, string> { ["factors"] = "8" }, 1.5,
                    ModelScores.From(new EvaluationResult(9, 0.1, [Metrics(10, 1), Metrics(50, 1.1)])), recorder.Points),
                new ModelResult("pop", new Dictionary<string, string>(), 0.01,
                    ModelScores.From(new EvaluationResult(9, 0.1, [Metrics(10, 0.5), Metrics(50, 0.6)])), []),
            ]);
    }

    [Fact]
    public void Loss_recorder_keeps_only_reported_losses()
    {
        var points = Report().Models[0].Loss;
        Assert.Equal([new LossPoint(1, 9), new LossPoint(2, 4), new LossPoint(3, 2.5)], points);
    }

    [Fact]
    public void Html_is_well_formed_self_contained_and_plots_every_metric_and_loss_curve()
    {
        var html = HtmlReportWriter.Write(Report());

        var document = XDocument.Parse(html.Replace("<!DOCTYPE html>", ""));
        XNamespace svg = "http://www.w3.org/2000/svg";
        var charts = document.Descendants(svg + "svg").ToList();
        Assert.Equal(MetricsAtK.Names.Count + 1, charts.Count);
        Assert.Contains(charts, c => c.Descendants(svg + "title").Single().Value == "gd training loss");
        var lossLine = charts.Single(c => c.Descendants(svg + "title").Single().Value == "gd training loss").Descendants(svg + "polyline").Single();
        Assert.Equal(3, lossLine.Attribute("points")!.Value.Split(' ').Length);
        Assert.Contains("pop: no loss reported", html);
        Assert.Contains("plays &lt;&amp;&gt;.tsv", html);
        Assert.Empty(document.Descendants("script"));
        Assert.Empty(document.Descendants("link"));
    }

    [Fact]
    public void Json_holds_every_metric_per_model_and_k()
    {
        var root = JsonNode.Parse(JsonReportWriter.Write(Report()))!;
        var gd = root["models"]![0]!;
        Assert.Equal("8", (string)gd["options"]!["factors"]!);
        Assert.Equal(0.4, (double)gd["metrics"]!["10"]!["map"]!, 9);
        Assert.Equal(0.55, (double)gd["metrics"]!["50"]!["ndcg"]!, 9);
        Assert.Equal(3, gd["loss"]!.AsArray().Count);
        Assert.Equal([10, 50], root["ks"]!.AsArray().Select(k => (int)k!));
    }
}
