using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Evaluation.ColdStart;
using OpenMrs.Recommender.Models.Als;
using OpenMrs.Recommender.Numerics;

namespace OpenMrs.Audio.ContentToFactors;

/// <summary>The cold-start figures of the content model and its two baselines on the same held-out tracks.</summary>
public sealed record ContentFactorsEvaluation(
    ColdStartMetrics Content, ColdStartMetrics Random, ColdStartMetrics ArtistAverage, ContentToFactorsHistory History, int TrainTracks, int HeldOutTracks);

/// <summary>
/// ALGORITHMS.md C's evaluation on a <see cref="SyntheticContentCatalog"/>: a share of the tracks is held out with all
/// their plays (they are cold), WALS is fitted on the rest, the content model learns the training tracks' item factors
/// from their content, and every model ranks the held-out tracks for each user by ŷ · x_u
/// (<see cref="ColdStartEvaluator"/>) against the random and artist-average baselines.
/// </summary>
public static class ContentFactorsExperiment
{
    /// <param name="heldOutFraction">Share of the tracks held out, in (0, 1).</param>
    /// <param name="factors">The WALS rank.</param>
    /// <exception cref="ArgumentException">The fraction is out of range or the data leaves nothing to evaluate.</exception>
    public static ContentFactorsEvaluation Run(
        SyntheticContentCatalog data, ContentToFactorsOptions options, double heldOutFraction = 0.2, int factors = 16, int seed = 3,
        CancellationToken cancellationToken = default)
    {
        if (heldOutFraction is <= 0 or >= 1) throw new ArgumentException($"the held-out fraction must lie in (0, 1), not {heldOutFraction}");
        var tracks = data.Tracks.ToArray();
        new Random(seed).Shuffle(tracks);
        var heldOutCount = Math.Max(1, (int)(tracks.Length * heldOutFraction));
        var heldOut = tracks[..heldOutCount];
        var train = tracks[heldOutCount..];
        var heldOutIndex = heldOut.Select((t, i) => (t.TrackId, i)).ToDictionary(p => p.TrackId, p => p.i, StringComparer.Ordinal);

        var users = new IdMap();
        var items = new IdMap(train.Select(t => t.TrackId));
        var trainCells = new List<(int, int, float)>();
        foreach (var (user, track, count) in data.Plays)
            if (items.TryGetIndex(track, out var item)) trainCells.Add((users.GetOrAdd(user), item, count));
        var trainBuilder = new CsrBuilder(users.Count, items.Count);
        foreach (var (u, i, c) in trainCells) trainBuilder.Add(u, i, c);
        var als = new ImplicitAlsModel(new AlsOptions { Factors = factors, Seed = seed });
        als.Fit(new InteractionMatrix(users, items, trainBuilder.Build()), cancellationToken: cancellationToken);

        var heldOutBuilder = new CsrBuilder(users.Count, heldOut.Length);
        foreach (var (user, track, count) in data.Plays)
            if (heldOutIndex.TryGetValue(track, out var h) && users.TryGetIndex(user, out var u)) heldOutBuilder.Add(u, h, count);
        var heldOutPlays = heldOutBuilder.Build();

        var examples = train.Select((t, i) => new ContentExample(t.TrackId, t.Embedding, t.Text, als.ItemFactors.Row(i).ToArray()))
            .Where(e => VectorOps.Norm(e.Factor) > 0).ToList();
        var fit = ContentFactorsFitter.Fit(examples, options, cancellationToken: cancellationToken);
        var predicted = new FactorMatrix(heldOut.Length, factors);
        for (var i = 0; i < heldOut.Length; i++) fit.Model.Predict(heldOut[i].Embedding, heldOut[i].Text).CopyTo(predicted.Row(i));

        return new ContentFactorsEvaluation(
            ColdStartEvaluator.Evaluate(als.UserFactors, heldOutPlays, predicted),
            ColdStartEvaluator.Evaluate(als.UserFactors, heldOutPlays, ColdStartBaselines.Random(heldOut.Length, factors, seed)),
            ColdStartEvaluator.Evaluate(als.UserFactors, heldOutPlays,
                ColdStartBaselines.ArtistAverage([.. heldOut.Select(t => t.Artist)], [.. train.Select(t => t.Artist)], als.ItemFactors, seed)),
            fit.History, train.Length, heldOut.Length);
    }
}
