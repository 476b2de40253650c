using System.Globalization;
using System.Net;
using System.Text;
using OpenMrs.Recommender.Evaluation;
using OpenMrs.Training.Cli.Eval;

namespace OpenMrs.Training.Cli.Reports;

/// <summary>
/// A single self-contained HTML file (inline CSS and SVG, no scripts or external resources): the dataset, a
/// table of every metric per model and k, one chart per metric against k, and each model's training loss curve.
/// </summary>
public static class HtmlReportWriter
{
    public static string Write(EvalReport report)
    {
        var d = report.Dataset;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"/><title>Open MRS evaluation</title><style>")
            .Append("body{font-family:system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;margin:1rem 0}")
            .Append("th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:right}th:first-child,td:first-child{text-align:left}")
            .Append(".charts{display:flex;flex-wrap:wrap;gap:1rem}.note{color:#666;font-size:.9rem}")
            .Append("</style></head><body><h1>Open MRS offline evaluation</h1>");
        html.Append(Invariant($"<p><b>{E(d.Path)}</b> ({E(d.Format)}){(d.TestPath is null ? "" : $", test file <b>{E(d.TestPath)}</b>")}: "))
            .Append(Invariant($"{d.Users:N0} users, {d.Items:N0} items, {d.TrainInteractions:N0} train and {d.TestInteractions:N0} test cells, "))
            .Append(Invariant($"{d.TestUsers:N0} test users. Split: {E(d.Split)}. Seed {report.Seed}."))
            .Append(d.SkippedLines > 0 ? Invariant($" {d.SkippedLines:N0} malformed lines skipped.") : "")
            .Append(d.DroppedColdTestCells > 0 ? Invariant($" {d.DroppedColdTestCells:N0} test cells of items without training plays dropped.") : "")
            .Append("</p>");

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
        html.Append("</div><h2>Training loss</h2><div class=\"charts\">");
        foreach (var model in report.Models)
        {
            var series = new[] { new ChartSeries(model.Name, model.Loss.Select(p => ((double)p.Iteration, p.Loss)).ToList()) };
            html.Append(model.Loss.Count == 0
                ? Invariant($"<p>{E(model.Name)}: no loss reported (the model has no iterative objective).</p>")
                : SvgLineChart.Render($"{model.Name} training loss", "iteration", "loss", series));
        }
        html.Append("</div></body></html>\n");
        return html.ToString();
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
