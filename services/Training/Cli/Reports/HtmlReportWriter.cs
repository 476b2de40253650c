using System.Globalization;
using System.Net;
using System.Text;
using OpenMrs.Recommender.Evaluation;
using OpenMrs.Training.Cli.Eval;
using OpenMrs.Training.Cycles;

namespace OpenMrs.Training.Cli.Reports;

/// <summary>
/// A single self-contained HTML file (inline CSS and SVG, no scripts or external resources). <c>eval</c>: the
/// dataset, a table of every metric per model and k, one chart per metric against k, and each model's training
/// loss curve. <c>train</c> and <c>eval --store</c>: the dataset, the held-out table and the loss curves.
/// </summary>
public static class HtmlReportWriter
{
    public static string Write(EvalReport report)
    {
        var d = report.Dataset;
        var html = Open("Open MRS offline evaluation");
        AppendDataset(html, d, Invariant($" Seed {report.Seed}."));

        AppendTable(html, report);
        html.Append("<p class=\"note\">precision = Σ hits / Σ min(k, |test|) over users (the benchmark's definition); precision_over_k = mean of hits / k; ")
            .Append("map divides each user's AP by min(|test|, k); auc and pr_auc are computed on the top-k list with unlisted items tied; ")
            .Append("coverage is the share of the catalogue recommended; novelty is the mean self-information −log2(popularity / users) in bits.")
            .Append(report.PlayCountGains ? " NDCG uses held-out play counts as gains." : " NDCG uses binary gains.")
            .Append("</p>");

        html.Append("<h2>Metrics against k</h2><div class=\"charts\">");
        var names = report.MetricNames;
        for (var m = 0; m < names.Count; m++)
        {
            var metric = m;
            var series = report.Models.Select(model => new ChartSeries(model.Name,
                model.Scores.AtK.Select(a => ((double)a.K, a.Values[metric])).ToList())).ToList();
            html.Append(SvgLineChart.Render(names[metric], "k", names[metric], series, categoricalX: true));
        }
        html.Append("</div>");
        AppendLoss(html, report.Models.Select(m => (m.Name, m.Loss)));
        return Close(html);
    }

    /// <summary><c>train</c> and <c>eval --store</c>: the dataset, a table of held-out metrics with each outcome and reason, loss curves.</summary>
    public static string Write(HoldoutReport report)
    {
        var html = Open(report.Command == "train" ? "Open MRS offline training" : "Open MRS stored model evaluation");
        AppendDataset(html, report.Dataset, Invariant($" Model store <b>{E(report.Store)}</b>."));
        html.Append("<table><thead><tr><th>model</th><th>NDCG@10</th><th>HitRate@10</th><th>Recall@50</th><th>evaluation users</th>")
            .Append("<th>seconds</th><th>outcome</th><th>version</th><th>reason</th></tr></thead><tbody>");
        AppendHeldOutRow(html, "popularity", report.Popularity, "", "baseline", "", "fitted on the training part");
        foreach (var m in report.Models)
            AppendHeldOutRow(html, m.Name, m.Metrics, Invariant($"{m.Seconds:0.00}"), m.Outcome, m.Version ?? "-", m.Decision);
        html.Append("</tbody></table><p class=\"note\">Scored as Serving ranks: each evaluation user's training history is folded into the model ")
            .Append("(RecommendForHistory), history excluded; NDCG@10 and HitRate@10 with binary gains, Recall@50 over the held-out tracks.</p>");
        foreach (var note in report.Notes) html.Append("<p class=\"note\">").Append(E(note)).Append("</p>");
        AppendLoss(html, report.Models.Where(m => m.Published is not null).Select(m => (m.Name, m.Loss)));
        return Close(html);
    }

    /// <summary><c>coldstart</c>: the generated data, MAP@500 and recall@k per model on held-out tracks, the content model's loss curves.</summary>
    public static string Write(string description, IReadOnlyList<(string Name, OpenMrs.Recommender.Evaluation.ColdStart.ColdStartMetrics Metrics)> models,
        IReadOnlyList<double> trainLoss, IReadOnlyList<double> validationLoss)
    {
        var html = Open("Open MRS cold start: content to factors");
        html.Append("<p>").Append(E(description)).Append(".</p><table><thead><tr><th>model</th><th>MAP@500</th>");
        foreach (var k in models[0].Metrics.RecallAt.Keys) html.Append(Invariant($"<th>recall@{k}</th>"));
        html.Append("</tr></thead><tbody>");
        foreach (var (name, m) in models)
        {
            html.Append(Invariant($"<tr><td>{E(name)}</td><td>{m.MapAt500:0.0000}</td>"));
            foreach (var recall in m.RecallAt.Values) html.Append(Invariant($"<td>{recall:0.0000}</td>"));
            html.Append("</tr>");
        }
        html.Append("</tbody></table><p class=\"note\">Held-out tracks have no training plays; each user's held-out tracks are ranked by ŷ · x_u ")
            .Append("(ALGORITHMS.md C). The data are generated: genre decides taste, audio embedding and title/tag words; artists keep to one genre for half their tracks.</p>");
        var epochs = Enumerable.Range(1, trainLoss.Count).Select(e => (double)e).ToList();
        html.Append("<h2>Training loss</h2><div class=\"charts\">").Append(SvgLineChart.Render("content-factors clipped cosine loss", "epoch", "loss",
        [
            new ChartSeries("train", [.. epochs.Zip(trainLoss)]),
            new ChartSeries("validation", [.. epochs.Zip(validationLoss)]),
        ])).Append("</div>");
        return Close(html);
    }

    private static void AppendHeldOutRow(StringBuilder html, string name, HoldoutMetrics m, string seconds, string outcome, string version, string reason) =>
        html.Append(Invariant($"<tr><td>{E(name)}</td><td>{m.NdcgAt10:0.0000}</td><td>{m.HitRateAt10:0.0000}</td><td>{m.RecallAt50:0.0000}</td>"))
            .Append(Invariant($"<td>{m.Users:N0}</td><td>{seconds}</td><td>{E(outcome)}</td><td>{E(version)}</td><td>{E(reason)}</td></tr>"));

    private static StringBuilder Open(string title) => new StringBuilder()
        .Append(Invariant($"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"/><title>{E(title)}</title><style>"))
        .Append("body{font-family:system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;margin:1rem 0}")
        .Append("th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:right}th:first-child,td:first-child{text-align:left}")
        .Append(".charts{display:flex;flex-wrap:wrap;gap:1rem}.note{color:#666;font-size:.9rem}")
        .Append(Invariant($"</style></head><body><h1>{E(title)}</h1>"));

    private static string Close(StringBuilder html) => html.Append("</body></html>\n").ToString();

    /// <param name="extra">HTML appended to the paragraph.</param>
    private static void AppendDataset(StringBuilder html, DatasetSummary d, string extra) =>
        html.Append(Invariant($"<p><b>{E(d.Path)}</b> ({E(d.Format)}){(d.TestPath is null ? "" : $", test file <b>{E(d.TestPath)}</b>")}: "))
            .Append(Invariant($"{d.Users:N0} users, {d.Items:N0} items, {d.TrainInteractions:N0} train and {d.TestInteractions:N0} test cells, "))
            .Append(Invariant($"{d.TestUsers:N0} test users. Split: {E(d.Split)}."))
            .Append(extra)
            .Append(d.SkippedLines > 0 ? Invariant($" {d.SkippedLines:N0} malformed lines skipped.") : "")
            .Append(d.DroppedColdTestCells > 0 ? Invariant($" {d.DroppedColdTestCells:N0} test cells of items without training plays dropped.") : "")
            .Append("</p>");

    private static void AppendLoss(StringBuilder html, IEnumerable<(string Name, IReadOnlyList<LossPoint> Loss)> models)
    {
        html.Append("<h2>Training loss</h2><div class=\"charts\">");
        foreach (var (name, loss) in models)
        {
            var series = new[] { new ChartSeries(name, loss.Select(p => ((double)p.Iteration, p.Loss)).ToList()) };
            html.Append(loss.Count == 0
                ? Invariant($"<p>{E(name)}: no loss reported (the model has no iterative objective).</p>")
                : SvgLineChart.Render($"{name} training loss", "iteration", "loss", series));
        }
        html.Append("</div>");
    }

    private static void AppendTable(StringBuilder html, EvalReport report)
    {
        html.Append("<table><thead><tr><th>model</th><th>k</th>");
        foreach (var name in report.MetricNames) html.Append("<th>").Append(E(name)).Append("</th>");
        html.Append("<th>fit s</th><th>eval s</th></tr></thead><tbody>");
        foreach (var model in report.Models)
        {
            foreach (var atK in model.Scores.AtK)
            {
                html.Append(Invariant($"<tr><td>{E(model.Name)}{Options(model)}</td><td>{atK.K}</td>"));
                foreach (var value in atK.Values) html.Append(Invariant($"<td>{value:0.0000}</td>"));
                html.Append(Invariant($"<td>{model.FitSeconds:0.00}</td><td>{model.Scores.Seconds:0.00}</td></tr>"));
            }
        }
        html.Append("</tbody></table>");
    }

    private static string Options(ModelResult model) =>
        model.Options.Count == 0 ? "" : $" <span class=\"note\">({E(string.Join(", ", model.Options.Select(o => $"{o.Key}={o.Value}")))})</span>";

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
