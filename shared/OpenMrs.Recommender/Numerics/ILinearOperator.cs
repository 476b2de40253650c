namespace OpenMrs.Recommender.Numerics;

/// <summary>A rows × columns matrix known only by its products with dense blocks (row-major, double).</summary>
public interface ILinearOperator
{
    int Rows { get; }
    int Columns { get; }

    /// <summary>result (Rows × width) = A · block (Columns × width).</summary>
    void Multiply(double[] block, int width, double[] result);

    /// <summary>result (Columns × width) = Aᵀ · block (Rows × width).</summary>
    void MultiplyTransposed(double[] block, int width, double[] result);
}
