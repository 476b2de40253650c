namespace OpenMrs.Recommender.Numerics;

/// <summary>Standard normal samples (Box–Muller) from a seeded <see cref="Random"/>.</summary>
public sealed class GaussianRandom(int seed)
{
    private readonly Random _random = new(seed);
    private double? _spare;

    public Random Uniform => _random;

    public double Next()
    {
        if (_spare is { } spare)
        {
            _spare = null;
            return spare;
        }
        double u, v, s;
        do
        {
            u = 2 * _random.NextDouble() - 1;
            v = 2 * _random.NextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        var scale = Math.Sqrt(-2 * Math.Log(s) / s);
        _spare = v * scale;
        return u * scale;
    }
}
