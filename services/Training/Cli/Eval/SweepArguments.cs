using OpenMrs.Recommender.Evaluation.Sweeps;

namespace OpenMrs.Training.Cli.Eval;

/// <summary>
/// The sweep part of the <c>eval</c> command line: <c>--sweep</c>, repeatable <c>--grid model.key=v1,v2,...</c>,
/// <c>--sweep-metric name@k</c> (ndcg@10) and <c>--max-configs N</c> (64 per model).
/// </summary>
public sealed record SweepArguments(
    IReadOnlyDictionary<string, IReadOnlyList<GridAxis>> Grids, SweepMetric Metric, int MaxConfigurations)
{
    public const string Flag = "--sweep";

    /// <summary>The grid of <paramref name="model"/> (empty: only its default is scored).</summary>
    public IReadOnlyList<GridAxis> GridOf(string model) => Grids.TryGetValue(model, out var axes) ? axes : [];

    /// <summary>Null without <c>--sweep</c> (and then the other sweep options are refused).</summary>
    public static SweepArguments? Parse(ArgumentReader reader, EvalArguments eval)
    {
        var sweep = reader.Flag(Flag);
        var grids = reader.All("--grid");
        var metric = reader.String("--sweep-metric");
        var maxConfigurations = reader.Int("--max-configs", 1);
        if (!sweep)
        {
            if (grids.Count > 0 || metric is not null || maxConfigurations is not null)
                throw new CliUsageException("--grid, --sweep-metric and --max-configs need --sweep");
            return null;
        }
        if (eval.Split is SplitKind.Last or SplitKind.Sessions && eval.Test is null)
            throw new CliUsageException("--sweep works with --split holdout or msd, or with --test FILE");

        var axes = new Dictionary<string, List<GridAxis>>(StringComparer.OrdinalIgnoreCase);
        foreach (var grid in grids)
        {
            var (model, key, values) = EvalArguments.ParseSetting("--grid", grid, eval.Models);
            var list = values.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (!axes.TryGetValue(model, out var modelAxes)) axes[model] = modelAxes = [];
            modelAxes.Add(new GridAxis(key, list));
        }
        return new SweepArguments(
            axes.ToDictionary(p => p.Key, p => (IReadOnlyList<GridAxis>)p.Value, StringComparer.OrdinalIgnoreCase),
            ParseMetric(metric),
            maxConfigurations ?? SweepPlan.DefaultMaxConfigurations);
    }

    private static SweepMetric ParseMetric(string? text)
    {
        if (text is null) return SweepMetric.Default;
        try
        {
            return SweepMetric.Parse(text);
        }
        catch (FormatException e)
        {
            throw new CliUsageException($"--sweep-metric: {e.Message}");
        }
    }
}
