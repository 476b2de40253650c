using System.Diagnostics;
using OpenMrs.Audio.ContentToFactors;
using OpenMrs.ModelStore.Formats;
using OpenMrs.ModelStore.Store;
using OpenMrs.Recommender.Content;
using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Evaluation.ColdStart;
using OpenMrs.Recommender.Models;
using OpenMrs.Recommender.Numerics;
using OpenMrs.Recommender.Text;
using OpenMrs.Training.Hosting;

namespace OpenMrs.Training.Cycles;

/// <summary>
/// Trains the content-to-factors model (ALGORITHMS.md C) on the tracks that have both factors in the cycle's factor
/// model (listens) and an audio embedding: the targets are their item factors, the inputs their embedding and text.
/// A share of those tracks is held out; the candidate's MAP@500 of ŷ · x_u on them (<see cref="ColdStartEvaluator"/>)
/// must beat random factors' (<see cref="PublishGuard.DecideColdStart"/>) before it is written as <c>content-factors</c>.
/// </summary>
public sealed class ContentFactorsStep(IModelStore store, ContentFactorsTrainingOptions options, Func<string, TrackText?> textOf, Func<string, float[]?> audioOf)
{
    /// <summary>The decision, and the written version's manifest when one was published.</summary>
    public async Task<(CycleReport Report, ModelManifest? Manifest)> RunAsync(CurrentModel factorModel, long eventCount, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        if (factorModel.Model.Factors is not { } factors || factors is not RecommenderBase fitted)
            return (Report(false, $"refused: {factorModel.Model.Kind} is not a factor model", eventCount, 0, new Dictionary<string, double>(), null, clock), null);
        var items = factorModel.Model.Items;
        var examples = new List<ContentExample>();
        var columns = new List<int>();
        for (var i = 0; i < items.Count; i++)
        {
            if (audioOf(items[i]) is not { Length: > 0 } audio) continue;
            var factor = factors.ItemFactors.Row(i).ToArray();
            if (!(VectorOps.Norm(factor) > 0)) continue;
            examples.Add(new ContentExample(items[i], audio, textOf(items[i]), factor));
            columns.Add(i);
        }
        if (examples.Count < options.MinTracks)
            return (Report(false, $"refused: {examples.Count} tracks have both listens and features, {options.MinTracks} needed", eventCount, examples.Count,
                new Dictionary<string, double>(), null, clock), null);

        var order = Enumerable.Range(0, examples.Count).ToArray();
        new Random(options.Seed).Shuffle(order);
        var heldOutCount = Math.Max(1, (int)(examples.Count * options.HeldOutFraction));
        var heldOut = order[..heldOutCount];
        ContentFactorsFit fit;
        try
        {
            fit = await Task.Run(() => ContentFactorsFitter.Fit([.. order[heldOutCount..].Select(i => examples[i])], options.ToNetworkOptions(), cancellationToken: ct), ct);
        }
        catch (ArgumentException ex)
        {
            return (Report(false, $"refused: fitting failed: {ex.Message}", eventCount, examples.Count, new Dictionary<string, double>(), null, clock), null);
        }

        var predicted = new FactorMatrix(heldOut.Length, factors.ItemFactors.Factors);
        for (var h = 0; h < heldOut.Length; h++)
            fit.Model.Predict(examples[heldOut[h]].Audio, examples[heldOut[h]].Text).CopyTo(predicted.Row(h));
        var plays = HeldOutPlays(fitted.UserItems, [.. heldOut.Select(h => columns[h])]);
        ColdStartMetrics candidate, random;
        try
        {
            candidate = ColdStartEvaluator.Evaluate(factors.UserFactors, plays, predicted);
            random = ColdStartEvaluator.Evaluate(factors.UserFactors, plays, ColdStartBaselines.Random(heldOut.Length, predicted.Factors, options.Seed));
        }
        catch (ArgumentException ex)
        {
            return (Report(false, $"refused: {ex.Message}", eventCount, examples.Count, new Dictionary<string, double>(), null, clock), null);
        }
        var metrics = new Dictionary<string, double>(candidate.ToDictionary())
        {
            ["tracks"] = examples.Count,
            ["epochs"] = fit.History.Epochs,
            ["validationLoss"] = fit.History.BestValidationLoss,
        };
        foreach (var (name, value) in random.ToDictionary("random.")) metrics[name] = value;
        var decision = PublishGuard.DecideColdStart(fit.Model.Network.Layers.All(l => l.Weights.All(float.IsFinite)), candidate, random);
        if (!decision.Publish) return (Report(false, decision.Reason, eventCount, examples.Count, metrics, null, clock, random), null);

        var provenance = new ModelProvenance(ContentFactorsModel.Kind,
            new Dictionary<string, string>(options.ToNetworkOptions().Describe()) { ["text"] = fit.Model.Text.Name, ["factorModel"] = $"{factorModel.Model.Kind} {factorModel.Version}" },
            null, null, eventCount);
        var manifest = await ContentFactorsModelFile.PublishAsync(store, fit.Model, metrics, provenance, ct);
        return (Report(true, decision.Reason, eventCount, examples.Count, metrics, manifest.Version, clock, random), manifest);
    }

    private static CsrMatrix HeldOutPlays(CsrMatrix userItems, int[] heldOutColumns)
    {
        var position = heldOutColumns.Select((c, h) => (c, h)).ToDictionary(p => p.c, p => p.h);
        var builder = new CsrBuilder(userItems.Rows, heldOutColumns.Length);
        for (var u = 0; u < userItems.Rows; u++)
        {
            var row = userItems.RowIndices(u);
            var values = userItems.RowValues(u);
            for (var p = 0; p < row.Length; p++)
                if (values[p] > 0 && position.TryGetValue(row[p], out var h)) builder.Add(u, h, values[p]);
        }
        return builder.Build();
    }

    private static CycleReport Report(bool published, string reason, long eventCount, int tracks, IReadOnlyDictionary<string, double> metrics,
        string? version, Stopwatch clock, ColdStartMetrics? random = null) =>
        new(ContentFactorsModel.Kind, DateTimeOffset.UtcNow, published, reason, eventCount, tracks, metrics, "random factors",
            random?.ToDictionary() ?? new Dictionary<string, double>(), version, clock.Elapsed.TotalSeconds);
}
