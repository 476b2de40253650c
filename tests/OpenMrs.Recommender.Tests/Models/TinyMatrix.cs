using OpenMrs.Recommender.Data;

namespace OpenMrs.Recommender.Tests.Models;

/// <summary>A small random user × item play-count matrix with its dense copy, for checks against brute-force formulas.</summary>
public sealed class TinyMatrix
{
    public TinyMatrix(int users, int items, double density, int seed)
    {
        var random = new Random(seed);
        Dense = new double[users, items];
        var builder = new CsrBuilder(users, items);
        for (var u = 0; u < users; u++)
            for (var i = 0; i < items; i++)
                if (random.NextDouble() < density || i == u % items)
                {
                    Dense[u, i] = 1 + random.Next(6);
                    builder.Add(u, i, (float)Dense[u, i]);
                }
        Interactions = new InteractionMatrix(
            new IdMap(Enumerable.Range(0, users).Select(u => $"u{u}")), new IdMap(Enumerable.Range(0, items).Select(i => $"i{i}")), builder.Build());
    }

    public double[,] Dense { get; }
    public InteractionMatrix Interactions { get; }
    public int Users => Dense.GetLength(0);
    public int Items => Dense.GetLength(1);
}
