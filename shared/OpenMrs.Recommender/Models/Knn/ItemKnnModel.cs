using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Models.Weighting;
using OpenMrs.Recommender.Similarity;

namespace OpenMrs.Recommender.Models.Knn;

public sealed record ItemKnnOptions
{
    /// <summary>Neighbours K kept per item (memory: items × K entries). 400: chosen on validation splits of the MSD and Audioscrobbler samples (MODELS.md).</summary>
    public int Neighbours { get; init; } = 400;
    /// <summary>
    /// Binary by default: play counts are heavy-tailed, and on raw counts a few obsessive listeners dominate the cosine
    /// (MSD sample, 20% holdout: MAP@500 0.023 raw vs 0.056 binary; 30Music next-track HitRate@10 0.203 vs 0.204).
    /// </summary>
    public WeightingScheme Weighting { get; init; } = WeightingScheme.Binary;
    /// <summary>Cosine between weighted item vectors; false uses the plain dot product (implicit's BM25/TF-IDF recommenders).</summary>
    public bool Cosine { get; init; } = true;
    public int Threads { get; init; }

    /// <summary>Reads the catalogue's string options; a key that is not given keeps the default above.</summary>
    public static ItemKnnOptions From(ModelOptions o)
    {
        var d = new ItemKnnOptions();
        return new ItemKnnOptions
        {
            Neighbours = o.Int("neighbours", d.Neighbours, 1),
            Weighting = o.Enum("weighting", d.Weighting),
            Cosine = o.Bool("cosine", d.Cosine),
            Threads = o.Int("threads", d.Threads, 0),
        };
    }
}

/// <summary>
/// Item-based neighbourhood model: each item keeps its top-K most similar items (cosine over listeners, on raw counts,
/// binarised, BM25- or TF-IDF-weighted); a user's score for t is Σⱼ w_uj · sim(j, t) over their history.
/// </summary>
public sealed class ItemKnnModel(ItemKnnOptions options) : ItemNeighbourhoodModel
{
    public const string KindName = "itemknn";

    public ItemKnnOptions Options { get; private set; } = options;
    public override string Kind => KindName;

    protected override void FitCore(CsrMatrix userItems, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        Build(userItems, Options.Weighting, Options.Threads, cancellationToken, weighted =>
        {
            var itemUsers = weighted.Transpose();
            var norms = Options.Cosine ? SparseCosine.RowNorms(itemUsers) : null;
            return (item, accumulator) => SparseCosine.MostSimilar(itemUsers, weighted, norms, item, Options.Neighbours, accumulator);
        });
        progress?.Report(new TrainingProgress(1, 1, null));
    }

    public override void Save(BinaryWriter writer)
    {
        writer.Write(Options.Neighbours);
        writer.Write(Options.Cosine);
        SaveNeighbourhood(writer);
    }

    public static ItemKnnModel Load(BinaryReader reader)
    {
        var neighbours = reader.ReadInt32();
        var cosine = reader.ReadBoolean();
        var model = new ItemKnnModel(new ItemKnnOptions { Neighbours = neighbours, Cosine = cosine });
        model.Options = model.Options with { Weighting = model.LoadNeighbourhood(reader).Scheme };
        return model;
    }
}
