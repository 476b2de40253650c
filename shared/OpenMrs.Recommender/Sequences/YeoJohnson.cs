namespace OpenMrs.Recommender.Sequences;

/// <summary>
/// The Yeo-Johnson power transform (Yeo and Johnson, "A new family of power transformations to improve normality or
/// symmetry", Biometrika 87(4), 2000) and its maximum-likelihood λ, with the same formulas as SciPy's
/// <c>scipy.stats.yeojohnson</c> / <c>yeojohnson_llf</c>:
/// ψ(λ, y) = ((y+1)^λ − 1)/λ for y ≥ 0, λ ≠ 0; log(y+1) for y ≥ 0, λ = 0;
/// −((1−y)^(2−λ) − 1)/(2−λ) for y &lt; 0, λ ≠ 2; −log(1−y) for y &lt; 0, λ = 2.
/// λ = 1 is the identity. The transform keeps the sign of y and is strictly increasing, so it has an inverse.
/// </summary>
public static class YeoJohnson
{
    /// <summary>The λ search interval of <see cref="FitLambda"/> (wide enough for descriptors, narrow enough to stay finite).</summary>
    public const double MinLambda = -4, MaxLambda = 6;

    private const double Tiny = 1e-12;

    /// <summary>ψ(λ, y).</summary>
    public static double Transform(double y, double lambda)
    {
        if (y >= 0)
            return Math.Abs(lambda) < Tiny ? double.LogP1(y) : (Math.Pow(y + 1, lambda) - 1) / lambda;
        var mirrored = 2 - lambda;
        return Math.Abs(mirrored) < Tiny ? -double.LogP1(-y) : -(Math.Pow(1 - y, mirrored) - 1) / mirrored;
    }

    /// <summary>ψ⁻¹(λ, z): the y with ψ(λ, y) = z. A z beyond the transform's range (possible for λ &lt; 0 or λ &gt; 2) maps to ±∞.</summary>
    public static double Inverse(double z, double lambda)
    {
        if (z >= 0)
        {
            if (Math.Abs(lambda) < Tiny) return Math.Exp(z) - 1;
            var basis = z * lambda + 1;
            return basis <= 0 ? double.PositiveInfinity : Math.Pow(basis, 1 / lambda) - 1;
        }
        var mirrored = 2 - lambda;
        if (Math.Abs(mirrored) < Tiny) return 1 - Math.Exp(-z);
        var b = 1 - mirrored * z;
        return b <= 0 ? double.NegativeInfinity : 1 - Math.Pow(b, 1 / mirrored);
    }

    /// <summary>
    /// The profile log-likelihood of λ under a normal model of the transformed data (SciPy's <c>yeojohnson_llf</c>):
    /// −n/2 · log σ̂²(ψ(λ, y)) + (λ − 1) Σ sign(y) log(|y| + 1), σ̂² the biased variance. −∞ for constant data.
    /// </summary>
    public static double LogLikelihood(ReadOnlySpan<double> y, double lambda)
    {
        if (y.Length == 0) return double.NegativeInfinity;
        var transformed = new double[y.Length];
        double sum = 0, jacobian = 0;
        for (var i = 0; i < y.Length; i++)
        {
            transformed[i] = Transform(y[i], lambda);
            sum += transformed[i];
            jacobian += Math.Sign(y[i]) * double.LogP1(Math.Abs(y[i]));
        }
        var mean = sum / y.Length;
        double variance = 0; // a second pass: Σt²/n − mean² cancels badly where λ squeezes the data together
        foreach (var t in transformed) variance += (t - mean) * (t - mean);
        variance /= y.Length;
        if (!(variance > 0) || !double.IsFinite(variance)) return double.NegativeInfinity;
        return -y.Length / 2.0 * Math.Log(variance) + (lambda - 1) * jacobian;
    }

    /// <summary>
    /// The maximum-likelihood λ in [<see cref="MinLambda"/>, <see cref="MaxLambda"/>]: a grid of step 0.25 finds the
    /// best bracket, golden-section search refines it to 1e-6. Returns 1 (the identity) for fewer than two distinct values.
    /// </summary>
    public static double FitLambda(ReadOnlySpan<double> y)
    {
        if (y.Length < 2 || !HasSpread(y)) return 1;
        var values = y.ToArray();
        double Llf(double lambda) => LogLikelihood(values, lambda);
        const double step = 0.25;
        var best = MinLambda;
        var bestValue = Llf(best);
        for (var lambda = MinLambda + step; lambda <= MaxLambda + 1e-9; lambda += step)
        {
            var value = Llf(lambda);
            if (value > bestValue) (best, bestValue) = (lambda, value);
        }
        double lo = Math.Max(MinLambda, best - step), hi = Math.Min(MaxLambda, best + step);
        var ratio = (Math.Sqrt(5) - 1) / 2;
        double a = hi - ratio * (hi - lo), b = lo + ratio * (hi - lo);
        double fa = Llf(a), fb = Llf(b);
        while (hi - lo > 1e-6)
        {
            if (fa > fb)
            {
                (hi, b, fb) = (b, a, fa);
                a = hi - ratio * (hi - lo);
                fa = Llf(a);
            }
            else
            {
                (lo, a, fa) = (a, b, fb);
                b = lo + ratio * (hi - lo);
                fb = Llf(b);
            }
        }
        var refined = (lo + hi) / 2;
        return Llf(refined) >= bestValue ? refined : best;
    }

    private static bool HasSpread(ReadOnlySpan<double> y)
    {
        foreach (var v in y)
            if (v != y[0]) return true;
        return false;
    }
}
