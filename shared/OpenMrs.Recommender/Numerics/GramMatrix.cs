namespace OpenMrs.Recommender.Numerics;

/// <summary>Xᵀ X for a factor matrix, in double (the sum runs over many rows).</summary>
public static class GramMatrix
{
    public static double[] Compute(FactorMatrix x, int degreeOfParallelism = 1)
    {
        var k = x.Factors;
        var total = new double[k * k];
        var chunk = Math.Max(256, x.Rows / Math.Max(1, degreeOfParallelism * 4));
        var gate = new object();
        Parallel.For(0, (x.Rows + chunk - 1) / chunk, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, degreeOfParallelism) }, block =>
        {
            var partial = new float[k * k];
            var end = Math.Min(x.Rows, (block + 1) * chunk);
            for (var r = block * chunk; r < end; r++)
            {
                var row = x.Row(r);
                for (var i = 0; i < k; i++)
                {
                    var v = row[i];
                    if (v != 0) VectorOps.Axpy(v, row, partial.AsSpan(i * k, k));
                }
            }
            lock (gate)
            {
                for (var i = 0; i < partial.Length; i++) total[i] += partial[i];
            }
        });
        return total;
    }

    public static float[] ToFloat(double[] matrix) => Array.ConvertAll(matrix, v => (float)v);
}
