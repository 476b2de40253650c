using OpenMrs.Recommender.Data;

namespace OpenMrs.Recommender.Models.Factorization;

/// <summary>Per-user z-score of the counts, then a global min-max to [0, 1] with the bounds seen in training.</summary>
public sealed class CountNormaliser(bool isIdentity, float min, float max)
{
    public static CountNormaliser Identity { get; } = new(true, 0, 1);
    public bool IsIdentity { get; } = isIdentity;

    public static CountNormaliser Fit(CsrMatrix userItems)
    {
        float min = float.MaxValue, max = float.MinValue;
        for (var u = 0; u < userItems.Rows; u++)
            foreach (var z in ZScores(userItems.RowValues(u)))
            {
                min = Math.Min(min, z);
                max = Math.Max(max, z);
            }
        return min > max ? Identity : new CountNormaliser(false, min, max);
    }

    public CsrMatrix Apply(CsrMatrix userItems)
    {
        if (IsIdentity) return userItems;
        var values = new float[userItems.NonZeros];
        for (var u = 0; u < userItems.Rows; u++)
            Apply(userItems.RowValues(u).ToArray()).CopyTo(values, userItems.RowPointers[u]);
        return new CsrMatrix(userItems.Rows, userItems.Columns, userItems.RowPointers, userItems.ColumnIndices, values);
    }

    public float[] Apply(float[] counts)
    {
        if (IsIdentity) return counts;
        var range = max - min;
        return Array.ConvertAll(ZScores(counts), z => range > 0 ? Math.Clamp((z - min) / range, 0f, 1f) : 0.5f);
    }

    private static float[] ZScores(ReadOnlySpan<float> counts)
    {
        if (counts.Length == 0) return [];
        double mean = 0, squares = 0;
        foreach (var c in counts) mean += c;
        mean /= counts.Length;
        foreach (var c in counts) squares += (c - mean) * (c - mean);
        var std = Math.Sqrt(squares / counts.Length);
        var z = new float[counts.Length];
        for (var n = 0; n < z.Length; n++) z[n] = std > 0 ? (float)((counts[n] - mean) / std) : 0f;
        return z;
    }

    public void Save(BinaryWriter writer)
    {
        writer.Write(IsIdentity);
        writer.Write(min);
        writer.Write(max);
    }

    public static CountNormaliser Load(BinaryReader reader) => new(reader.ReadBoolean(), reader.ReadSingle(), reader.ReadSingle());
}
