using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Numerics;

namespace OpenMrs.Recommender.Models.Factorization;

/// <summary>
/// E = R − PQᵀ on the observed entries only, kept in the user-major order of R, with the item-major view of the same
/// cells for the Eᵀ products. Used by the full-batch gradient models.
/// </summary>
public sealed class ObservedResiduals
{
    private readonly CsrMatrix _ratings;
    private readonly CsrMatrix _itemUsers;
    private readonly int[] _itemMajorToUserMajor;

    public ObservedResiduals(CsrMatrix ratings)
    {
        _ratings = ratings;
        _itemUsers = ratings.Transpose();
        _itemMajorToUserMajor = new int[ratings.NonZeros];
        var next = (int[])_itemUsers.RowPointers.Clone();
        for (var u = 0; u < ratings.Rows; u++)
            for (var p = ratings.RowPointers[u]; p < ratings.RowPointers[u + 1]; p++)
                _itemMajorToUserMajor[next[ratings.ColumnIndices[p]]++] = p;
        Residuals = new float[ratings.NonZeros];
    }

    public float[] Residuals { get; }
    public int Count => Residuals.Length;

    /// <summary>Recomputes E and returns ‖E‖²_F.</summary>
    public double Update(FactorMatrix users, FactorMatrix items)
    {
        var partial = new double[_ratings.Rows];
        Parallel.For(0, _ratings.Rows, u =>
        {
            double sum = 0;
            var pu = users.Row(u);
            for (var p = _ratings.RowPointers[u]; p < _ratings.RowPointers[u + 1]; p++)
            {
                var e = _ratings.Values[p] - VectorOps.Dot(pu, items.Row(_ratings.ColumnIndices[p]));
                Residuals[p] = e;
                sum += e * e;
            }
            partial[u] = sum;
        });
        return partial.Sum();
    }

    /// <summary>Row u of E·Q, accumulated into <paramref name="target"/> scaled by <paramref name="scale"/>.</summary>
    public void AddUserProduct(int user, FactorMatrix items, float scale, Span<float> target)
    {
        for (var p = _ratings.RowPointers[user]; p < _ratings.RowPointers[user + 1]; p++)
            VectorOps.Axpy(scale * Residuals[p], items.Row(_ratings.ColumnIndices[p]), target);
    }

    /// <summary>Row i of Eᵀ·P, accumulated into <paramref name="target"/> scaled by <paramref name="scale"/>.</summary>
    public void AddItemProduct(int item, FactorMatrix users, float scale, Span<float> target)
    {
        for (var p = _itemUsers.RowPointers[item]; p < _itemUsers.RowPointers[item + 1]; p++)
            VectorOps.Axpy(scale * Residuals[_itemMajorToUserMajor[p]], users.Row(_itemUsers.ColumnIndices[p]), target);
    }
}
