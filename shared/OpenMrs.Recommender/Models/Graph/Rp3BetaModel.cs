using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Models.Knn;
using OpenMrs.Recommender.Models.Weighting;
using OpenMrs.Recommender.Numerics;

namespace OpenMrs.Recommender.Models.Graph;

public sealed record Rp3BetaOptions
{
    /// <summary>Exponent α on both transition probabilities (1 = the plain three-step random walk P³). Default chosen on a validation split (MODELS.md).</summary>
    public float Alpha { get; init; } = 0.6f;

    /// <summary>Popularity penalty β: W[i, j] is divided by deg(j)^β (0 = P³α, no penalty). Default chosen on a validation split (MODELS.md).</summary>
    public float Beta { get; init; } = 0.2f;

    /// <summary>Neighbours K kept per item (the top K of each row of W).</summary>
    public int Neighbours { get; init; } = 100;

    /// <summary>Rescale each kept row of W to sum to 1 (Dacrema et al.'s normalize_similarity).</summary>
    public bool Normalise { get; init; }

    /// <summary>Edge weights of the user → item step: binary (the unweighted graph of Paudel et al.) or re-weighted plays.</summary>
    public WeightingScheme Weighting { get; init; } = WeightingScheme.Binary;

    public int Threads { get; init; }

    public static Rp3BetaOptions From(ModelOptions o) => new()
    {
        Alpha = o.Float("alpha", 0.6f, 1e-3f, 10f),
        Beta = o.Float("beta", 0.2f, 0f, 2f),
        Neighbours = o.Int("neighbours", 100, 1),
        Normalise = o.Bool("normalise", false),
        Weighting = o.Enum("weighting", WeightingScheme.Binary),
        Threads = o.Int("threads", 0, 0),
    };
}

/// <summary>
/// RP3β (Paudel, Christoffel, Newell and Bernstein 2017, "Updatable, accurate, diverse, and scalable recommendations
/// for interactive applications"; the form of Dacrema et al. 2019): a three-step random walk user → item → user → item
/// on the bipartite listening graph, re-ranked by popularity.
/// <list type="bullet">
/// <item>P_ui: each user's (weighted) row divided by its sum; P_iu: each item's listeners, 1/deg(i) each.</item>
/// <item>W[i, j] = Σ_u P_iu[i, u]^α · P_ui[u, j]^α / deg(j)^β for j ≠ i, then the top K per row (optionally rescaled to sum 1).</item>
/// <item>score(t) = Σⱼ x_j · W[j, t] over the (weighted) history x.</item>
/// </list>
/// Rows are built in parallel over items; memory is items × K entries.
/// </summary>
public sealed class Rp3BetaModel(Rp3BetaOptions options) : ItemNeighbourhoodModel
{
    public const string KindName = "rp3b";

    public Rp3BetaOptions Options { get; private set; } = options;
    public override string Kind => KindName;

    protected override void FitCore(CsrMatrix userItems, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var (alpha, beta) = (Options.Alpha, Options.Beta);
        var itemUsers = userItems.Transpose();
        var penalty = new float[userItems.Columns];
        for (var j = 0; j < penalty.Length; j++)
        {
            var degree = itemUsers.RowLength(j);
            penalty[j] = degree > 0 ? MathF.Pow(degree, -beta) : 0f;
        }
        Build(userItems, Options.Weighting, Options.Threads, cancellationToken, weighted =>
        {
            var userToItem = TransitionPowers(weighted, alpha);
            return (item, accumulator) =>
            {
                var listeners = itemUsers.RowIndices(item);
                var step = new float[listeners.Length];
                Array.Fill(step, MathF.Pow(1f / Math.Max(1, listeners.Length), alpha));
                accumulator.Accumulate(listeners, step, userToItem);
                var candidates = new List<KeyValuePair<int, float>>(accumulator.Touched.Length);
                foreach (var other in accumulator.Touched)
                {
                    var w = accumulator[other] * penalty[other];
                    if (other != item && w > 0) candidates.Add(new(other, w));
                }
                var row = TopK.SelectCandidates(candidates, Options.Neighbours);
                return Options.Normalise ? Rescaled(row) : row;
            };
        });
        progress?.Report(new TrainingProgress(1, 1, null));
    }

    /// <summary>P_ui^α: every user row divided by its sum, each entry raised to α.</summary>
    private static CsrMatrix TransitionPowers(CsrMatrix weighted, float alpha)
    {
        var values = new float[weighted.NonZeros];
        for (var u = 0; u < weighted.Rows; u++)
        {
            double sum = 0;
            foreach (var v in weighted.RowValues(u)) sum += Math.Abs(v);
            for (var p = weighted.RowPointers[u]; p < weighted.RowPointers[u + 1]; p++)
                values[p] = sum > 0 ? MathF.Pow((float)(Math.Abs(weighted.Values[p]) / sum), alpha) : 0f;
        }
        return new CsrMatrix(weighted.Rows, weighted.Columns, weighted.RowPointers, weighted.ColumnIndices, values);
    }

    private static ScoredItem[] Rescaled(ScoredItem[] row)
    {
        var sum = row.Sum(s => (double)s.Score);
        return sum > 0 ? [.. row.Select(s => s with { Score = (float)(s.Score / sum) })] : row;
    }

    public override void Save(BinaryWriter writer)
    {
        writer.Write(Options.Alpha);
        writer.Write(Options.Beta);
        writer.Write(Options.Neighbours);
        writer.Write(Options.Normalise);
        SaveNeighbourhood(writer);
    }

    public static Rp3BetaModel Load(BinaryReader reader)
    {
        var model = new Rp3BetaModel(new Rp3BetaOptions
        {
            Alpha = reader.ReadSingle(), Beta = reader.ReadSingle(), Neighbours = reader.ReadInt32(), Normalise = reader.ReadBoolean(),
        });
        model.Options = model.Options with { Weighting = model.LoadNeighbourhood(reader).Scheme };
        return model;
    }
}
