using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Persistence;

namespace OpenMrs.Recommender.Models.Weighting;

public enum WeightingScheme
{
    /// <summary>Values as given.</summary>
    None,
    /// <summary>Every stored value becomes 1.</summary>
    Binary,
    /// <summary>Okapi BM25 with per-item idf and per-user length normalisation (as implicit's bm25_weight).</summary>
    Bm25,
    /// <summary>√value · idf (as implicit's tfidf_weight).</summary>
    TfIdf,
}

/// <summary>
/// Re-weights a user × item matrix row by row. BM25 and TF-IDF need corpus statistics (item idf, mean row length),
/// fitted once and kept so that a new user's history is weighted exactly as the training rows were.
/// </summary>
public sealed class RowWeighting
{
    private RowWeighting(WeightingScheme scheme, float k1, float b, float[] idf, float averageLength)
    {
        Scheme = scheme;
        K1 = k1;
        B = b;
        Idf = idf;
        AverageLength = averageLength;
    }

    public WeightingScheme Scheme { get; }
    public float K1 { get; }
    public float B { get; }
    public float[] Idf { get; }
    public float AverageLength { get; }

    public static RowWeighting Fit(CsrMatrix userItems, WeightingScheme scheme, float k1 = 100f, float b = 0.8f)
    {
        if (scheme is WeightingScheme.None or WeightingScheme.Binary) return new RowWeighting(scheme, k1, b, [], 0);
        var users = new int[userItems.Columns];
        foreach (var item in userItems.ColumnIndices) users[item]++;
        var logN = Math.Log(Math.Max(1, userItems.Rows));
        var idf = new float[userItems.Columns];
        for (var i = 0; i < idf.Length; i++) idf[i] = (float)Math.Max(0, logN - Math.Log(1 + users[i]));
        double total = 0;
        foreach (var v in userItems.Values) total += v;
        var averageLength = (float)(total / Math.Max(1, userItems.Rows));
        return new RowWeighting(scheme, k1, b, idf, averageLength);
    }

    public CsrMatrix Apply(CsrMatrix userItems)
    {
        var values = new float[userItems.NonZeros];
        for (var u = 0; u < userItems.Rows; u++)
        {
            var start = userItems.RowPointers[u];
            WeighRow(userItems.RowIndices(u), userItems.RowValues(u), values.AsSpan(start, userItems.RowLength(u)));
        }
        return new CsrMatrix(userItems.Rows, userItems.Columns, userItems.RowPointers, userItems.ColumnIndices, values);
    }

    public SparseRow Apply(SparseRow history)
    {
        var values = new float[history.Count];
        WeighRow(history.Indices, history.Values, values);
        return new SparseRow(history.Indices, values);
    }

    private void WeighRow(ReadOnlySpan<int> items, ReadOnlySpan<float> raw, Span<float> weighted)
    {
        switch (Scheme)
        {
            case WeightingScheme.None:
                raw.CopyTo(weighted);
                return;
            case WeightingScheme.Binary:
                weighted.Fill(1f);
                return;
            case WeightingScheme.TfIdf:
                for (var n = 0; n < items.Length; n++) weighted[n] = MathF.Sqrt(Math.Max(0, raw[n])) * IdfOf(items[n]);
                return;
            case WeightingScheme.Bm25:
                float length = 0;
                foreach (var v in raw) length += v;
                var norm = (1 - B) + B * length / Math.Max(AverageLength, 1e-12f);
                for (var n = 0; n < items.Length; n++)
                    weighted[n] = raw[n] * (K1 + 1) / (K1 * norm + raw[n]) * IdfOf(items[n]);
                return;
        }
    }

    private float IdfOf(int item) => item < Idf.Length ? Idf[item] : 0f;

    public void Save(BinaryWriter writer)
    {
        writer.Write((int)Scheme);
        writer.Write(K1);
        writer.Write(B);
        writer.WriteArray(Idf);
        writer.Write(AverageLength);
    }

    public static RowWeighting Load(BinaryReader reader)
    {
        var scheme = (WeightingScheme)reader.ReadInt32();
        if (!Enum.IsDefined(scheme)) throw new ModelFormatException($"unknown weighting scheme {(int)scheme}");
        return new RowWeighting(scheme, reader.ReadSingle(), reader.ReadSingle(), reader.ReadArray<float>(), reader.ReadSingle());
    }
}
