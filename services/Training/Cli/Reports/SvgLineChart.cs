using System.Globalization;
using System.Net;
using System.Text;

namespace OpenMrs.Training.Cli.Reports;

/// <summary>One named line of a chart.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<(double X, double Y)> Points);

/// <summary>
/// A small inline SVG line chart (no scripts, no external styles): axes with ticks, one coloured polyline per series
/// and a legend. With <c>categoricalX</c> the distinct x values are spaced evenly (for cut-offs like 10, 50, 500).
/// </summary>
public static class SvgLineChart
{
    private const int Width = 560, Height = 300, Left = 64, Right = 130, Top = 30, Bottom = 44;
    private static readonly string[] Colours = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"];

    public static string Render(string title, string xLabel, string yLabel, IReadOnlyList<ChartSeries> series, bool categoricalX = false)
    {
        var points = series.SelectMany(s => s.Points).ToList();
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{Encode(title)}</title>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"18\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">{Encode(title)}</text>");
        if (points.Count == 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"{Height / 2}\" text-anchor=\"middle\" fill=\"#777\">no data</text></svg>");
            return svg.ToString();
        }

        var xs = points.Select(p => p.X).Distinct().Order().ToList();
        Func<double, double> xPosition = categoricalX
            ? x => xs.Count == 1 ? PlotLeft + PlotWidth / 2 : PlotLeft + xs.IndexOf(x) * PlotWidth / (xs.Count - 1)
            : Scale(xs[0], xs[^1], PlotLeft, PlotLeft + PlotWidth);
        var (yMin, yMax) = Padded(points.Min(p => p.Y), points.Max(p => p.Y));
        var yPosition = Scale(yMin, yMax, Top + PlotHeight, Top);

        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{PlotLeft}\" y=\"{Top}\" width=\"{PlotWidth}\" height=\"{PlotHeight}\" fill=\"none\" stroke=\"#999\"/>");
        foreach (var tick in Ticks(yMin, yMax))
        {
            var y = yPosition(tick);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{PlotLeft}\" x2=\"{PlotLeft + PlotWidth}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" stroke=\"#eee\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{PlotLeft - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\" font-size=\"11\">{Label(tick)}</text>");
        }
        foreach (var tick in categoricalX ? xs : Ticks(xs[0], xs[^1]))
        {
            var x = xPosition(tick);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x:0.#}\" y=\"{Top + PlotHeight + 16}\" text-anchor=\"middle\" font-size=\"11\">{Label(tick)}</text>");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{PlotLeft + PlotWidth / 2}\" y=\"{Height - 6}\" text-anchor=\"middle\" font-size=\"12\">{Encode(xLabel)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate(14 {Top + PlotHeight / 2}) rotate(-90)\" text-anchor=\"middle\" font-size=\"12\">{Encode(yLabel)}</text>");

        for (var s = 0; s < series.Count; s++)
        {
            var colour = Colours[s % Colours.Length];
            var path = string.Join(" ", series[s].Points.Select(p => string.Create(CultureInfo.InvariantCulture, $"{xPosition(p.X):0.##},{yPosition(p.Y):0.##}")));
            svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{path}\"/>");
            if (series[s].Points.Count <= 60)
                foreach (var p in series[s].Points)
                    svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{xPosition(p.X):0.##}\" cy=\"{yPosition(p.Y):0.##}\" r=\"3\" fill=\"{colour}\"/>");
            var legendY = Top + 10 + s * 18;
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Width - Right + 12}\" y=\"{legendY - 8}\" width=\"12\" height=\"4\" fill=\"{colour}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right + 30}\" y=\"{legendY}\" font-size=\"12\">{Encode(series[s].Name)}</text>");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static int PlotLeft => Left;
    private static int PlotWidth => Width - Left - Right;
    private static int PlotHeight => Height - Top - Bottom;

    private static Func<double, double> Scale(double from, double to, double start, double end) =>
        to == from ? _ => (start + end) / 2 : v => start + (v - from) / (to - from) * (end - start);

    private static (double, double) Padded(double min, double max)
    {
        if (max == min) return (min - (min == 0 ? 1 : Math.Abs(min) * 0.1), max + (max == 0 ? 1 : Math.Abs(max) * 0.1));
        var pad = (max - min) * 0.05;
        return (min - pad, max + pad);
    }

    private static IEnumerable<double> Ticks(double min, double max)
    {
        if (max <= min) return [min];
        var rough = (max - min) / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var step = new[] { 1, 2, 5, 10 }.Select(m => m * magnitude).First(s => s >= rough);
        var first = Math.Ceiling(min / step) * step;
        return Enumerable.Range(0, (int)Math.Floor((max - first) / step) + 1).Select(i => first + i * step);
    }

    private static string Label(double value) => value.ToString(Math.Abs(value) >= 1000 || value == Math.Round(value) ? "0.##" : "0.####", CultureInfo.InvariantCulture);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
