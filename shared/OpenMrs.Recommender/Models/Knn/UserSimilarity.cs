using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Models;
using OpenMrs.Recommender.Numerics;

namespace OpenMrs.Recommender.Models.Knn;

/// <summary>
/// Overlap and Pearson weights between one user (a rating history) and every training user who shares a track with it.
/// Reuse one instance per thread: it keeps dense scratch sized to the user count.
/// </summary>
public sealed class UserSimilarity(CsrMatrix userItems, CsrMatrix itemUsers, float[] userMeans)
{
    private readonly float[] _overlap = new float[userItems.Rows];
    private readonly double[] _cross = new double[userItems.Rows];
    private readonly double[] _selfSquares = new double[userItems.Rows];
    private readonly double[] _otherSquares = new double[userItems.Rows];
    private readonly List<int> _touched = [];

    public static float[] Means(CsrMatrix userItems)
    {
        var means = new float[userItems.Rows];
        for (var u = 0; u < userItems.Rows; u++)
        {
            var values = userItems.RowValues(u);
            double sum = 0;
            foreach (var v in values) sum += v;
            means[u] = values.Length == 0 ? 0 : (float)(sum / values.Length);
        }
        return means;
    }

    /// <summary>The <paramref name="count"/> users with the highest weight, skipping <paramref name="self"/> (or −1).</summary>
    public ScoredItem[] Nearest(SparseRow history, float historyMean, NeighbourWeight weight, int count, int self = -1)
    {
        Accumulate(history, historyMean);
        var candidates = new List<KeyValuePair<int, float>>(_touched.Count);
        foreach (var v in _touched)
        {
            if (v == self) continue;
            var w = weight == NeighbourWeight.Overlap ? _overlap[v] : Pearson(v);
            if (w > 0) candidates.Add(new(v, w));
        }
        return TopK.SelectCandidates(candidates, count);
    }

    private float Pearson(int v)
    {
        var denominator = Math.Sqrt(_selfSquares[v] * _otherSquares[v]);
        return denominator > 0 ? (float)(_cross[v] / denominator) : 0f;
    }

    private void Accumulate(SparseRow history, float historyMean)
    {
        foreach (var v in _touched)
        {
            _overlap[v] = 0;
            _cross[v] = _selfSquares[v] = _otherSquares[v] = 0;
        }
        _touched.Clear();
        for (var n = 0; n < history.Count; n++)
        {
            var du = history.Values[n] - historyMean;
            var listeners = itemUsers.RowIndices(history.Indices[n]);
            var ratings = itemUsers.RowValues(history.Indices[n]);
            for (var m = 0; m < listeners.Length; m++)
            {
                var v = listeners[m];
                if (_overlap[v] == 0) _touched.Add(v);
                _overlap[v]++;
                var dv = ratings[m] - userMeans[v];
                _cross[v] += du * dv;
                _selfSquares[v] += du * du;
                _otherSquares[v] += dv * dv;
            }
        }
    }
}
