using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Numerics;
using OpenMrs.Recommender.Persistence;

namespace OpenMrs.Recommender.Models.Popularity;

/// <summary>The baseline every model must beat: items ranked by how many users played them (or by total plays).</summary>
public sealed class PopularityModel(bool byTotalPlays = false) : RecommenderBase
{
    public const string KindName = "pop";
    private float[] _popularity = [];

    public override string Kind => KindName;
    public bool ByTotalPlays { get; } = byTotalPlays;
    public ReadOnlySpan<float> Popularity => _popularity;

    protected override void FitCore(CsrMatrix userItems, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var popularity = new float[userItems.Columns];
        for (var n = 0; n < userItems.NonZeros; n++) popularity[userItems.ColumnIndices[n]] += ByTotalPlays ? userItems.Values[n] : 1f;
        _popularity = popularity;
        progress?.Report(new TrainingProgress(1, 1, null));
    }

    protected override void ScoreUser(int user, Span<float> scores) => _popularity.CopyTo(scores);

    protected override void ScoreHistory(SparseRow history, Span<float> scores) => _popularity.CopyTo(scores);

    public override ScoredItem[] SimilarItems(int item, int count)
    {
        CheckItem(item);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return TopK.Select(_popularity, count, [item]);
    }

    public override void Save(BinaryWriter writer)
    {
        writer.Write(ByTotalPlays);
        writer.WriteArray(_popularity);
        writer.Write(UserItems);
    }

    public static PopularityModel Load(BinaryReader reader)
    {
        var model = new PopularityModel(reader.ReadBoolean()) { _popularity = reader.ReadArray<float>() };
        var userItems = reader.ReadCsr();
        if (model._popularity.Length != userItems.Columns) throw new ModelFormatException("popularity does not match the item count");
        model.RestoreFitted(userItems);
        return model;
    }
}
