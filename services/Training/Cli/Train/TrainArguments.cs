using OpenMrs.Training.Cli.Listening;
using OpenMrs.Training.Hosting;

namespace OpenMrs.Training.Cli.Train;

/// <summary>The parsed command line of <c>train</c>.</summary>
public sealed record TrainArguments
{
    /// <summary>The option synopsis shown by <c>train --help</c> and the Training usage.</summary>
    public const string Options =
        ListeningFileArguments.Synopsis + " --store DIR [--models als,rp3b] [--set model.key=value]... [--holdout 0.1] " +
        "[--skip-bad-lines] [--json FILE] [--html FILE]";

    private static readonly IReadOnlySet<string> Flags = new HashSet<string> { ListeningFileArguments.SkipBadLines };

    public required ListeningFileArguments File { get; init; }
    public required string Store { get; init; }
    public required IReadOnlyList<string> Models { get; init; }
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ModelOptions { get; init; }

    /// <summary>Share of positive interactions, the newest by first sight, held out (<see cref="TrainingOptions.HoldoutFraction"/>).</summary>
    public double Holdout { get; init; } = 0.1;
    public string? Json { get; init; }
    public string? Html { get; init; }

    public static TrainArguments Parse(IReadOnlyList<string> args)
    {
        var reader = new ArgumentReader(args, Flags);
        var models = reader.List("--models", new TrainingOptions().PersonalModelKinds()).Select(m => m.ToLowerInvariant()).Distinct().ToList();
        var parsed = new TrainArguments
        {
            File = ListeningFileArguments.Parse(reader),
            Store = reader.RequiredString("--store"),
            Models = models,
            ModelOptions = reader.ModelOptions(models),
            Holdout = reader.Double("--holdout", 0, 1) ?? 0.1,
            Json = reader.String("--json"),
            Html = reader.String("--html"),
        };
        reader.ThrowOnUnknown();
        return parsed;
    }

    /// <summary>The live service's options with this command line's models, hyper-parameters and held-out share.</summary>
    public TrainingOptions ToTrainingOptions() => new()
    {
        PersonalModels = string.Join(",", Models),
        ModelOptions = ModelOptions.ToDictionary(
            m => m.Key, m => m.Value.ToDictionary(o => o.Key, o => o.Value, StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase),
        HoldoutFraction = Holdout,
    };
}
