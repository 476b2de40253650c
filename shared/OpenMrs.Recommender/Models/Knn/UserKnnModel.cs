using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Numerics;
using OpenMrs.Recommender.Persistence;
using OpenMrs.Recommender.Similarity;

namespace OpenMrs.Recommender.Models.Knn;

/// <summary>
/// User-based kNN with mean-centred prediction p(u,t) = r̄_u + Σ w_uv (r_vt − r̄_v) / Σ |w_uv| over the K nearest of the
/// stored neighbours who rated t. Tracks no neighbour rated are backfilled below every prediction by popularity,
/// unless a threshold is set (then only tracks predicted at or above it are recommended).
/// </summary>
public sealed class UserKnnModel(UserKnnOptions options) : RecommenderBase
{
    public const string KindName = "userknn";
    private const float BackfillFloor = -1e4f;
    private float[] _means = [];
    private float[] _popularity = [];
    private CsrMatrix _itemUsers = null!;
    private ScoredItem[][] _overlapNeighbours = [];
    private ScoredItem[][] _pearsonNeighbours = [];
    private (CsrMatrix Listeners, CsrMatrix Tracks, float[] Norms)? _binary;

    public UserKnnOptions Options { get; private set; } = options;
    public override string Kind => KindName;

    protected override void FitCore(CsrMatrix userItems, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        _means = UserSimilarity.Means(userItems);
        _itemUsers = userItems.Transpose();
        _popularity = Popularity(_itemUsers);
        var overlap = new ScoredItem[userItems.Rows][];
        var pearson = new ScoredItem[userItems.Rows][];
        var threads = Options.Threads > 0 ? Options.Threads : Environment.ProcessorCount;
        Parallel.For(0, userItems.Rows, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken },
            () => new UserSimilarity(userItems, _itemUsers, _means),
            (u, _, similarity) =>
            {
                var history = userItems.Row(u);
                if (Uses(NeighbourWeight.Overlap)) overlap[u] = similarity.Nearest(history, _means[u], NeighbourWeight.Overlap, Options.Stored, u);
                if (Uses(NeighbourWeight.Pearson)) pearson[u] = similarity.Nearest(history, _means[u], NeighbourWeight.Pearson, Options.Stored, u);
                return similarity;
            },
            _ => { });
        _overlapNeighbours = overlap;
        _pearsonNeighbours = pearson;
        _binary = null;
        progress?.Report(new TrainingProgress(1, 1, null));
    }

    private bool Uses(NeighbourWeight weight) => Options.Weight == weight || Options.Weight == NeighbourWeight.Blend;

    /// <summary>Rows per item of an item × row matrix, scaled into [0, 1): a backfill score below any prediction.</summary>
    internal static float[] Popularity(CsrMatrix itemUsers)
    {
        var popularity = new float[itemUsers.Rows];
        var max = 1;
        for (var i = 0; i < itemUsers.Rows; i++) max = Math.Max(max, itemUsers.RowLength(i));
        for (var i = 0; i < itemUsers.Rows; i++) popularity[i] = itemUsers.RowLength(i) / (max + 1f);
        return popularity;
    }

    protected override void ScoreUser(int user, Span<float> scores) =>
        Predict(_means[user], Uses(NeighbourWeight.Overlap) ? _overlapNeighbours[user] : [], Uses(NeighbourWeight.Pearson) ? _pearsonNeighbours[user] : [], scores);

    protected override void ScoreHistory(SparseRow history, Span<float> scores)
    {
        var mean = history.Count == 0 ? 0f : history.Values.Average();
        var similarity = new UserSimilarity(UserItems, _itemUsers, _means);
        var overlap = Uses(NeighbourWeight.Overlap) ? similarity.Nearest(history, mean, NeighbourWeight.Overlap, Options.Stored) : [];
        var pearson = Uses(NeighbourWeight.Pearson) ? similarity.Nearest(history, mean, NeighbourWeight.Pearson, Options.Stored) : [];
        Predict(mean, overlap, pearson, scores);
    }

    private void Predict(float mean, ScoredItem[] overlap, ScoredItem[] pearson, Span<float> scores)
    {
        var fromOverlap = Options.Weight == NeighbourWeight.Pearson ? null : PredictWith(mean, overlap);
        var fromPearson = Options.Weight == NeighbourWeight.Overlap ? null : PredictWith(mean, pearson);
        for (var t = 0; t < scores.Length; t++)
        {
            float? prediction = (fromOverlap, fromPearson) switch
            {
                ({ } o, { } p) => Combine(o[t], p[t]),
                ({ } o, null) => o[t],
                (null, { } p) => p[t],
                _ => null,
            };
            scores[t] = prediction is { } value && !float.IsNaN(value)
                ? (Options.Threshold is { } threshold && value < threshold ? float.NegativeInfinity : value)
                : Options.Threshold is null ? BackfillFloor + _popularity[t] : float.NegativeInfinity;
        }
    }

    private float Combine(float overlap, float pearson) =>
        float.IsNaN(overlap) ? pearson : float.IsNaN(pearson) ? overlap : Options.BlendWeight * overlap + (1 - Options.BlendWeight) * pearson;

    /// <summary>Per-track prediction from the neighbours (strongest first), NaN where none of them rated the track.</summary>
    private float[] PredictWith(float mean, ScoredItem[] neighbours)
    {
        var items = UserItems.Columns;
        var numerator = new float[items];
        var denominator = new float[items];
        var used = new byte[items];
        foreach (var neighbour in neighbours)
        {
            var v = neighbour.Item;
            var tracks = UserItems.RowIndices(v);
            var ratings = UserItems.RowValues(v);
            for (var n = 0; n < tracks.Length; n++)
            {
                var t = tracks[n];
                if (used[t] >= Options.K) continue;
                used[t]++;
                numerator[t] += neighbour.Score * (ratings[n] - _means[v]);
                denominator[t] += Math.Abs(neighbour.Score);
            }
        }
        var predictions = new float[items];
        for (var t = 0; t < items; t++) predictions[t] = denominator[t] > 0 ? mean + numerator[t] / denominator[t] : float.NaN;
        return predictions;
    }

    /// <summary>Tracks that share listeners, by cosine over their listener sets.</summary>
    public override ScoredItem[] SimilarItems(int item, int count)
    {
        CheckItem(item);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var (listeners, tracks, norms) = _binary ??= BinaryViews();
        return SparseCosine.MostSimilar(listeners, tracks, norms, item, count, new CooccurrenceAccumulator(ItemCount));
    }

    private (CsrMatrix Listeners, CsrMatrix Tracks, float[] Norms) BinaryViews()
    {
        var listeners = _itemUsers.Map(_ => 1f);
        return (listeners, UserItems.Map(_ => 1f), SparseCosine.RowNorms(listeners));
    }

    public override void Save(BinaryWriter writer)
    {
        writer.Write(Options.Stored);
        writer.Write(Options.K);
        writer.Write((int)Options.Weight);
        writer.Write(Options.BlendWeight);
        writer.Write(Options.Threshold.HasValue);
        writer.Write(Options.Threshold ?? 0);
        writer.Write(UserItems);
        WriteNeighbours(writer, _overlapNeighbours);
        WriteNeighbours(writer, _pearsonNeighbours);
    }

    public static UserKnnModel Load(BinaryReader reader)
    {
        var options = new UserKnnOptions { Stored = reader.ReadInt32(), K = reader.ReadInt32(), Weight = (NeighbourWeight)reader.ReadInt32(), BlendWeight = reader.ReadSingle() };
        var hasThreshold = reader.ReadBoolean();
        var threshold = reader.ReadSingle();
        if (!Enum.IsDefined(options.Weight)) throw new ModelFormatException($"unknown neighbour weight {(int)options.Weight}");
        var model = new UserKnnModel(options with { Threshold = hasThreshold ? threshold : null });
        var userItems = reader.ReadCsr();
        model._overlapNeighbours = ReadNeighbours(reader);
        model._pearsonNeighbours = ReadNeighbours(reader);
        model._means = UserSimilarity.Means(userItems);
        model._itemUsers = userItems.Transpose();
        model._popularity = Popularity(model._itemUsers);
        model.RestoreFitted(userItems);
        return model;
    }

    private static void WriteNeighbours(BinaryWriter writer, ScoredItem[][] neighbours)
    {
        writer.Write(neighbours.Length);
        foreach (var row in neighbours)
        {
            writer.Write(row?.Length ?? 0);
            foreach (var n in row ?? [])
            {
                writer.Write(n.Item);
                writer.Write(n.Score);
            }
        }
    }

    private static ScoredItem[][] ReadNeighbours(BinaryReader reader)
    {
        var rows = new ScoredItem[reader.ReadCount(sizeof(int))][];
        for (var u = 0; u < rows.Length; u++)
        {
            rows[u] = new ScoredItem[reader.ReadCount(sizeof(int) + sizeof(float))];
            for (var n = 0; n < rows[u].Length; n++) rows[u][n] = new ScoredItem(reader.ReadInt32(), reader.ReadSingle());
        }
        return rows;
    }
}
