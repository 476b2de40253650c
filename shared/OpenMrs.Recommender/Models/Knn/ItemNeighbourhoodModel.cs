using System.Collections.Concurrent;
using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Models.Weighting;
using OpenMrs.Recommender.Numerics;
using OpenMrs.Recommender.Persistence;
using OpenMrs.Recommender.Similarity;

namespace OpenMrs.Recommender.Models.Knn;

/// <summary>
/// What every sparse item-item model shares (item kNN, RP3β): a re-weighting of the history and a neighbour matrix W
/// (items × items, at most K entries per row). A history x scores <c>score(t) = Σⱼ w(x)ⱼ · W[j, t]</c>, where w is the
/// row weighting; <see cref="Explain"/> returns those terms, and <see cref="SimilarItems"/> reads row j of W.
/// </summary>
public abstract class ItemNeighbourhoodModel : RecommenderBase
{
    private RowWeighting _weighting = null!;
    private CsrMatrix _neighbours = null!;

    /// <summary>Row i holds item i's kept neighbours and their weights (sorted by item index).</summary>
    public CsrMatrix Neighbours => _neighbours;

    /// <summary>How history values are re-weighted before scoring (fitted on the training matrix).</summary>
    protected RowWeighting Weighting => _weighting;

    /// <summary>Fits the weighting, then builds W row by row with <paramref name="row"/> (called in parallel, one accumulator per thread).</summary>
    protected void Build(
        CsrMatrix userItems, WeightingScheme scheme, int threads, CancellationToken cancellationToken,
        Func<CsrMatrix, Func<int, CooccurrenceAccumulator, ScoredItem[]>> rowBuilder)
    {
        _weighting = RowWeighting.Fit(userItems, scheme);
        var row = rowBuilder(_weighting.Apply(userItems));
        var items = userItems.Columns;
        var rows = new ScoredItem[items][];
        threads = threads > 0 ? threads : Environment.ProcessorCount;
        Parallel.ForEach(
            Partitioner.Create(0, items, Math.Max(16, items / (threads * 8) + 1)),
            new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken },
            () => new CooccurrenceAccumulator(items),
            (range, _, accumulator) =>
            {
                for (var item = range.Item1; item < range.Item2; item++) rows[item] = row(item, accumulator);
                return accumulator;
            },
            _ => { });
        _neighbours = ToCsr(rows, items);
    }

    private static CsrMatrix ToCsr(ScoredItem[][] rows, int items)
    {
        var pointers = new int[items + 1];
        for (var i = 0; i < items; i++) pointers[i + 1] = pointers[i] + rows[i].Length;
        var indices = new int[pointers[items]];
        var values = new float[pointers[items]];
        for (var i = 0; i < items; i++)
        {
            var sorted = rows[i].OrderBy(s => s.Item).ToArray();
            for (var n = 0; n < sorted.Length; n++)
            {
                indices[pointers[i] + n] = sorted[n].Item;
                values[pointers[i] + n] = sorted[n].Score;
            }
        }
        return new CsrMatrix(items, items, pointers, indices, values);
    }

    protected override void ScoreUser(int user, Span<float> scores) => ScoreHistory(UserItems.Row(user), scores);

    protected override void ScoreHistory(SparseRow history, Span<float> scores)
    {
        scores.Clear();
        var weighted = _weighting.Apply(history);
        for (var n = 0; n < weighted.Count; n++)
        {
            var w = weighted.Values[n];
            var neighbours = _neighbours.RowIndices(weighted.Indices[n]);
            var similarities = _neighbours.RowValues(weighted.Indices[n]);
            for (var m = 0; m < neighbours.Length; m++) scores[neighbours[m]] += w * similarities[m];
        }
    }

    public override ScoredItem[] SimilarItems(int item, int count)
    {
        CheckItem(item);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var scores = new float[ItemCount];
        Array.Fill(scores, float.NegativeInfinity);
        var neighbours = _neighbours.RowIndices(item);
        var similarities = _neighbours.RowValues(item);
        for (var m = 0; m < neighbours.Length; m++) scores[neighbours[m]] = similarities[m];
        return TopK.Select(scores, count, [item]);
    }

    public override Contribution[] Explain(SparseRow history, int item, int count)
    {
        base.Explain(history, item, count);
        var weighted = _weighting.Apply(history);
        var contributions = new List<Contribution>();
        for (var n = 0; n < weighted.Count; n++)
        {
            var similarity = _neighbours.Get(weighted.Indices[n], item);
            if (similarity != 0) contributions.Add(new Contribution(weighted.Indices[n], weighted.Values[n] * similarity));
        }
        return [.. contributions.OrderByDescending(c => c.Weight).ThenBy(c => c.HistoryItem).Take(count)];
    }

    /// <summary>Writes the weighting, W and the training matrix (after the model's own options).</summary>
    protected void SaveNeighbourhood(BinaryWriter writer)
    {
        _weighting.Save(writer);
        writer.Write(_neighbours);
        writer.Write(UserItems);
    }

    /// <summary>Reads what <see cref="SaveNeighbourhood"/> wrote; returns the weighting so the loader can rebuild its options.</summary>
    protected RowWeighting LoadNeighbourhood(BinaryReader reader)
    {
        _weighting = RowWeighting.Load(reader);
        _neighbours = reader.ReadCsr();
        var userItems = reader.ReadCsr();
        if (_neighbours.Rows != userItems.Columns || _neighbours.Columns != userItems.Columns)
            throw new ModelFormatException("neighbour matrix does not match the item count");
        RestoreFitted(userItems);
        return _weighting;
    }
}
