namespace OpenMrs.Recommender.Sequences;

/// <summary>
/// Per-feature Yeo-Johnson transform then standardisation (as scikit-learn's <c>PowerTransformer(method="yeo-johnson",
/// standardize=True)</c>, and DISCO's descriptor scaling): feature f maps y to (ψ(λ_f, y) − μ_f) / σ_f, with λ_f the
/// maximum-likelihood λ (<see cref="YeoJohnson.FitLambda"/>) and μ_f, σ_f the mean and standard deviation of the
/// transformed training values. Non-finite values (missing descriptors) are skipped when fitting and scale to 0, the mean.
/// A feature with fewer than two distinct values keeps λ = 1 and σ = 1.
/// </summary>
public sealed class YeoJohnsonScaler
{
    private readonly double[] _lambdas, _means, _scales;

    /// <exception cref="ArgumentException">The three arrays differ in length, or a value is not finite, or a scale is not positive.</exception>
    public YeoJohnsonScaler(double[] lambdas, double[] means, double[] scales)
    {
        if (lambdas.Length != means.Length || means.Length != scales.Length)
            throw new ArgumentException($"scaler: {lambdas.Length} λ, {means.Length} means and {scales.Length} scales must be as many");
        if (lambdas.Concat(means).Any(v => !double.IsFinite(v)) || scales.Any(s => !(s > 0) || !double.IsFinite(s)))
            throw new ArgumentException("scaler: every λ and mean must be finite and every scale positive");
        (_lambdas, _means, _scales) = ([.. lambdas], [.. means], [.. scales]);
    }

    public int Features => _lambdas.Length;
    public IReadOnlyList<double> Lambdas => _lambdas;
    public IReadOnlyList<double> Means => _means;
    public IReadOnlyList<double> Scales => _scales;

    /// <summary>Fits λ, μ and σ per feature on <paramref name="rows"/> (each of length <paramref name="features"/>).</summary>
    /// <exception cref="ArgumentException">A row has another length.</exception>
    public static YeoJohnsonScaler Fit(IReadOnlyCollection<double[]> rows, int features)
    {
        var lambdas = new double[features];
        var means = new double[features];
        var scales = new double[features];
        var column = new List<double>(rows.Count);
        for (var f = 0; f < features; f++)
        {
            column.Clear();
            foreach (var row in rows)
            {
                if (row.Length != features) throw new ArgumentException($"scaler: a row has {row.Length} features, expected {features}");
                if (double.IsFinite(row[f])) column.Add(row[f]);
            }
            var lambda = YeoJohnson.FitLambda(column.ToArray());
            var transformed = column.Select(v => YeoJohnson.Transform(v, lambda)).ToArray();
            var mean = transformed.Length > 0 ? transformed.Average() : 0;
            var variance = transformed.Length > 1 ? transformed.Average(t => (t - mean) * (t - mean)) : 0; // two passes: no cancellation
            lambdas[f] = lambda;
            means[f] = mean;
            scales[f] = variance > 0 && double.IsFinite(variance) ? Math.Sqrt(variance) : 1;
        }
        return new YeoJohnsonScaler(lambdas, means, scales);
    }

    /// <summary>The scaled vector of raw values <paramref name="x"/> (length <see cref="Features"/>); non-finite values give 0.</summary>
    public double[] Transform(ReadOnlySpan<double> x)
    {
        CheckLength(x.Length);
        var z = new double[x.Length];
        for (var f = 0; f < x.Length; f++)
            z[f] = double.IsFinite(x[f]) ? (YeoJohnson.Transform(x[f], _lambdas[f]) - _means[f]) / _scales[f] : 0;
        return z;
    }

    /// <summary>The raw values whose scaled vector is <paramref name="z"/>: ψ⁻¹(λ_f, z_f σ_f + μ_f).</summary>
    public double[] InverseTransform(ReadOnlySpan<double> z)
    {
        CheckLength(z.Length);
        var x = new double[z.Length];
        for (var f = 0; f < z.Length; f++) x[f] = YeoJohnson.Inverse(z[f] * _scales[f] + _means[f], _lambdas[f]);
        return x;
    }

    private void CheckLength(int length)
    {
        if (length != Features) throw new ArgumentException($"scaler: a vector has {length} features, expected {Features}");
    }
}
