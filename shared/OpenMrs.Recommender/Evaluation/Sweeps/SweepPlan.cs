using OpenMrs.Recommender.Models;

namespace OpenMrs.Recommender.Evaluation.Sweeps;

/// <summary>One hyperparameter of a grid and the values to try, as the catalogue reads them (<c>factors</c>: 32, 64, 128).</summary>
public sealed record GridAxis(string Key, IReadOnlyList<string> Values);

/// <summary>
/// The configurations a sweep tries for one model: the default (the catalogue's defaults plus <see cref="BaseOptions"/>)
/// and every point of the Cartesian product of <see cref="Axes"/> over the same base. Built by <see cref="Create"/>,
/// which checks every configuration against <see cref="ModelCatalog"/> before anything is fitted.
/// </summary>
public sealed class SweepPlan
{
    /// <summary>The default grid limit: larger grids are refused unless the caller raises it.</summary>
    public const int DefaultMaxConfigurations = 64;

    private SweepPlan(string model, IReadOnlyDictionary<string, string> baseOptions, IReadOnlyList<GridAxis> axes,
        IReadOnlyList<IReadOnlyDictionary<string, string>> grid)
    {
        Model = model;
        BaseOptions = baseOptions;
        Axes = axes;
        Grid = grid;
    }

    public string Model { get; }

    /// <summary>Options every configuration shares (the default is exactly these).</summary>
    public IReadOnlyDictionary<string, string> BaseOptions { get; }

    public IReadOnlyList<GridAxis> Axes { get; }

    /// <summary>The grid's configurations (base options plus one value per axis), the first axis varying slowest.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Grid { get; }

    /// <summary>
    /// Expands and checks a grid. Throws <see cref="ModelOptionException"/> (one line) for an unknown model, an axis
    /// without values or given twice or also fixed in <paramref name="baseOptions"/>, a configuration the catalogue
    /// rejects (unknown key, bad value), or more than <paramref name="maxConfigurations"/> configurations.
    /// </summary>
    public static SweepPlan Create(
        string model, IReadOnlyDictionary<string, string>? baseOptions, IReadOnlyList<GridAxis> axes,
        int maxConfigurations = DefaultMaxConfigurations, int seed = 42)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConfigurations, 1);
        var shared = new Dictionary<string, string>(baseOptions ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase);
        CheckAxes(model, shared, axes);
        var count = axes.Aggregate(1L, (product, axis) => product * axis.Values.Count);
        if (count > maxConfigurations)
            throw new ModelOptionException(
                $"the {model} grid has {count:N0} configurations, over the limit of {maxConfigurations} (raise max-configs to run it, or sweep coarse to fine)");

        var grid = new List<IReadOnlyDictionary<string, string>>((int)count);
        for (var index = 0L; index < count; index++)
        {
            var options = new Dictionary<string, string>(shared, StringComparer.OrdinalIgnoreCase);
            var rest = index;
            for (var a = axes.Count - 1; a >= 0; a--)
            {
                options[axes[a].Key] = axes[a].Values[(int)(rest % axes[a].Values.Count)];
                rest /= axes[a].Values.Count;
            }
            grid.Add(options);
        }
        foreach (var options in grid.Prepend(shared)) ModelCatalog.Create(model, options, seed);
        return new SweepPlan(model, shared, axes, grid);
    }

    private static void CheckAxes(string model, Dictionary<string, string> shared, IReadOnlyList<GridAxis> axes)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var axis in axes)
        {
            if (axis.Values.Count == 0) throw new ModelOptionException($"the {model} grid gives no values for '{axis.Key}'");
            if (!seen.Add(axis.Key)) throw new ModelOptionException($"the {model} grid gives '{axis.Key}' twice");
            if (shared.ContainsKey(axis.Key)) throw new ModelOptionException($"{model}.{axis.Key} is both fixed and swept; give it once");
        }
    }
}
