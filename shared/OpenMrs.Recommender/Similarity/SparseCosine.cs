using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Models;
using OpenMrs.Recommender.Numerics;

namespace OpenMrs.Recommender.Similarity;

/// <summary>Cosine (or dot) similarity between the rows of a sparse matrix, e.g. items as vectors over their listeners.</summary>
public static class SparseCosine
{
    public static float[] RowNorms(CsrMatrix matrix)
    {
        var norms = new float[matrix.Rows];
        for (var r = 0; r < matrix.Rows; r++)
        {
            double sum = 0;
            foreach (var v in matrix.RowValues(r)) sum += v * v;
            norms[r] = (float)Math.Sqrt(sum);
        }
        return norms;
    }

    /// <summary>The <paramref name="count"/> rows most similar to <paramref name="row"/> (excluding itself); <paramref name="transpose"/> = matrixᵀ.</summary>
    public static ScoredItem[] MostSimilar(CsrMatrix matrix, CsrMatrix transpose, float[]? norms, int row, int count, CooccurrenceAccumulator accumulator)
    {
        accumulator.Accumulate(matrix.RowIndices(row), matrix.RowValues(row), transpose);
        var candidates = new List<KeyValuePair<int, float>>(accumulator.Touched.Length);
        foreach (var other in accumulator.Touched)
        {
            if (other == row) continue;
            var dot = accumulator[other];
            var score = norms is null ? dot : norms[row] > 0 && norms[other] > 0 ? dot / (norms[row] * norms[other]) : 0f;
            if (score > 0) candidates.Add(new(other, score));
        }
        return TopK.SelectCandidates(candidates, count);
    }
}
