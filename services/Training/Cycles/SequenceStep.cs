using System.Diagnostics;
using System.Globalization;
using OpenMrs.Audio.Sequences;
using OpenMrs.Contracts.Events;
using OpenMrs.ModelStore.Formats;
using OpenMrs.ModelStore.Store;
using OpenMrs.Recommender.Numerics;
using OpenMrs.Recommender.Sequences;
using OpenMrs.Training.Hosting;

namespace OpenMrs.Training.Cycles;

/// <summary>
/// Trains the sequence model of playlist continuation (ALGORITHMS.md D, DISCO) on listening sessions: each track is
/// mapped to its <see cref="SequenceFeatures"/> vector (its descriptors from <c>track-features</c> and its L2-normalised
/// embedding, as Serving's continuation builds it), undescribed tracks are dropped, and sessions with at least
/// <see cref="SequenceModelTrainingOptions.MinSessionTracks"/> described tracks are the data. <see cref="SequenceModelTrainer"/>
/// fits the Yeo-Johnson scaler and the GRU (MAE, early stopping on a validation share of the sessions); the candidate is
/// published as <c>sequence</c> only when its validation MAE beats repeating the last track (<see cref="PublishGuard.DecideSequence"/>).
/// </summary>
public sealed class SequenceStep(IModelStore store, SequenceModelTrainingOptions options, Func<string, TrackDescriptors?> descriptorsOf, Func<string, float[]?> embeddingOf)
{
    /// <summary>The decision, and the written version's manifest when one was published.</summary>
    /// <param name="sessions">Listening sessions as track ids in play order (<see cref="Sessions.ListeningSessions.Split"/>).</param>
    public async Task<(CycleReport Report, ModelManifest? Manifest)> RunAsync(IReadOnlyList<IReadOnlyList<string>> sessions, long eventCount, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var descriptors = new Dictionary<string, TrackDescriptors>(StringComparer.Ordinal);
        foreach (var track in sessions.SelectMany(s => s).Distinct(StringComparer.Ordinal))
            if (descriptorsOf(track) is { } d) descriptors[track] = d;
        var described = sessions.Select(s => s.Where(descriptors.ContainsKey).ToList()).Where(s => s.Count >= options.MinSessionTracks).ToList();
        if (described.Count < options.MinSessions)
            return (Report(false, $"refused: {described.Count} of {sessions.Count} sessions have {options.MinSessionTracks} or more tracks with descriptors (track-features), {options.MinSessions} needed",
                eventCount, described.Count, new Dictionary<string, double>(), null, clock), null);

        var units = descriptors.Keys.ToDictionary(t => t, t => VectorOps.Unit(embeddingOf(t) ?? []), StringComparer.Ordinal);
        var dimensions = units.Values.Where(u => u.Length > 0).GroupBy(u => u.Length)
            .OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).Select(g => g.Key).FirstOrDefault();
        var vectors = descriptors.ToDictionary(p => p.Key, p => SequenceFeatures.Of(p.Value, units[p.Key], dimensions), StringComparer.Ordinal);
        var data = described.Select(s => (IReadOnlyList<double[]>)[.. s.Select(t => vectors[t])]).ToList();
        SequenceTrainingResult result;
        try
        {
            result = await Task.Run(() => SequenceModelTrainer.Train(data, dimensions, options.ToNetworkOptions(), ct), ct);
        }
        catch (ArgumentException ex)
        {
            return (Report(false, $"refused: training failed: {ex.Message}", eventCount, described.Count, new Dictionary<string, double>(), null, clock), null);
        }

        var model = result.Model;
        var metrics = new Dictionary<string, double>
        {
            ["validation_mae"] = model.ValidationMae,
            ["sessions"] = described.Count,
            ["trainSessions"] = result.TrainSessions,
            ["validationSessions"] = result.ValidationSessions,
            ["tracks"] = vectors.Count,
            ["embeddingDimensions"] = dimensions,
            ["epochs"] = result.Epochs,
            ["bestEpoch"] = result.BestEpoch,
        };
        var decision = PublishGuard.DecideSequence(IsFinite(model), model.ValidationMae, model.BaselineMae, result.ValidationSessions);
        if (!decision.Publish) return (Report(false, decision.Reason, eventCount, described.Count, metrics, null, clock, model.BaselineMae), null);

        var provenance = new ModelProvenance("gru", Describe(), null, null, eventCount);
        var manifest = await SequenceModelFile.PublishAsync(store, model, metrics, provenance, ct);
        return (Report(true, decision.Reason, eventCount, described.Count, metrics, manifest.Version, clock, model.BaselineMae), manifest);
    }

    private Dictionary<string, string> Describe()
    {
        var o = options.ToNetworkOptions();
        string Text(double v) => v.ToString(CultureInfo.InvariantCulture);
        return new(StringComparer.Ordinal)
        {
            ["hidden"] = Text(o.Hidden), ["layers"] = Text(o.Layers), ["learningRate"] = Text(o.LearningRate), ["batchSize"] = Text(o.BatchSize),
            ["maxEpochs"] = Text(o.MaxEpochs), ["patience"] = Text(o.Patience), ["validationFraction"] = Text(o.ValidationFraction),
            ["maxSessionLength"] = Text(o.MaxSessionLength), ["seed"] = Text(o.Seed), ["sessionGap"] = options.SessionGap.ToString("c"),
            ["includeSkips"] = options.IncludeSkips ? "true" : "false", ["minSessionTracks"] = Text(options.MinSessionTracks),
        };
    }

    private static bool IsFinite(SequenceModel model) =>
        double.IsFinite(model.ValidationMae) && double.IsFinite(model.BaselineMae)
        && model.Scaler.Lambdas.Concat(model.Scaler.Means).Concat(model.Scaler.Scales).All(double.IsFinite)
        && model.Network.Layers.All(l => new[] { l.WeightIh, l.WeightHh, l.BiasIh, l.BiasHh }.All(w => w.All(float.IsFinite)))
        && model.Network.OutputWeight.All(float.IsFinite) && model.Network.OutputBias.All(float.IsFinite);

    private static CycleReport Report(bool published, string reason, long eventCount, int sessions, IReadOnlyDictionary<string, double> metrics,
        string? version, Stopwatch clock, double? repeatLastMae = null) =>
        new(SequenceModel.Kind, DateTimeOffset.UtcNow, published, reason, eventCount, sessions, metrics, "repeat-last",
            repeatLastMae is { } mae ? new Dictionary<string, double> { ["validation_mae"] = mae } : new Dictionary<string, double>(),
            version, clock.Elapsed.TotalSeconds);
}
