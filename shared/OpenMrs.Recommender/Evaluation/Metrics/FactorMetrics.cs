namespace OpenMrs.Recommender.Evaluation.Metrics;

/// <summary>How well predicted latent factors (e.g. from audio or text) match the collaborative ones.</summary>
public static class FactorMetrics
{
    /// <summary>
    /// Mean over factor dimensions of R² = 1 − SS_res / SS_tot (row-major <c>rows × dimensions</c> arrays), as
    /// scikit-learn's uniform average: a constant target dimension scores 1 if predicted exactly, else 0.
    /// </summary>
    public static double MeanRSquared(ReadOnlySpan<float> predicted, ReadOnlySpan<float> actual, int dimensions)
    {
        if (dimensions <= 0) throw new ArgumentOutOfRangeException(nameof(dimensions));
        if (predicted.Length != actual.Length) throw new ArgumentException("predicted and actual differ in size");
        if (actual.Length % dimensions != 0) throw new ArgumentException("length is not a multiple of dimensions");
        var rows = actual.Length / dimensions;
        if (rows == 0) throw new ArgumentException("no rows to compare");
        double total = 0;
        for (var d = 0; d < dimensions; d++)
        {
            double mean = 0;
            for (var r = 0; r < rows; r++) mean += actual[r * dimensions + d];
            mean /= rows;
            double residual = 0, spread = 0;
            for (var r = 0; r < rows; r++)
            {
                var a = actual[r * dimensions + d];
                var e = a - predicted[r * dimensions + d];
                residual += e * e;
                spread += (a - mean) * (a - mean);
            }
            total += spread > 0 ? 1 - residual / spread : residual == 0 ? 1 : 0;
        }
        return total / dimensions;
    }
}
