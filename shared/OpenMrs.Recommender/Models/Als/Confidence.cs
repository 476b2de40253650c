using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Models.Weighting;
using OpenMrs.Recommender.Persistence;

namespace OpenMrs.Recommender.Models.Als;

public enum ConfidenceScheme
{
    /// <summary>c = 1 + α·w.</summary>
    Linear,
    /// <summary>c = 1 + α·log(1 + w/ε).</summary>
    Log,
}

/// <summary>
/// Turns play counts into Hu–Koren–Volinsky confidences: first an optional row weighting (BM25, TF-IDF, binary),
/// then the linear or log confidence. The preference of every stored cell is 1.
/// </summary>
public sealed class Confidence(ConfidenceScheme scheme, float alpha, float epsilon, RowWeighting weighting)
{
    public ConfidenceScheme Scheme { get; } = scheme;
    public float Alpha { get; } = alpha;
    public float Epsilon { get; } = epsilon;
    public RowWeighting Weighting { get; } = weighting;

    public static Confidence Fit(CsrMatrix userItems, ConfidenceScheme scheme, float alpha, float epsilon, WeightingScheme weighting) =>
        new(scheme, alpha, epsilon, RowWeighting.Fit(userItems, weighting));

    public float Of(float weighted) => Scheme switch
    {
        ConfidenceScheme.Log => 1 + Alpha * MathF.Log(1 + Math.Max(0, weighted) / Epsilon),
        _ => 1 + Alpha * Math.Max(0, weighted),
    };

    public CsrMatrix Apply(CsrMatrix userItems)
    {
        var weighted = Weighting.Apply(userItems);
        var values = weighted.Values;
        for (var i = 0; i < values.Length; i++) values[i] = Of(values[i]);
        return weighted;
    }

    public float[] Apply(SparseRow history) => Array.ConvertAll(Weighting.Apply(history).Values, Of);

    public void Save(BinaryWriter writer)
    {
        writer.Write((int)Scheme);
        writer.Write(Alpha);
        writer.Write(Epsilon);
        Weighting.Save(writer);
    }

    public static Confidence Load(BinaryReader reader)
    {
        var scheme = (ConfidenceScheme)reader.ReadInt32();
        if (!Enum.IsDefined(scheme)) throw new ModelFormatException($"unknown confidence scheme {(int)scheme}");
        return new Confidence(scheme, reader.ReadSingle(), reader.ReadSingle(), RowWeighting.Load(reader));
    }
}
