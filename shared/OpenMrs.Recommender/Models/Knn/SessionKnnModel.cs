using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Persistence;

namespace OpenMrs.Recommender.Models.Knn;

/// <summary>
/// Session-based kNN (V-SKNN, Ludewig &amp; Jannach, "Evaluation of session-based recommendation algorithms", 2018):
/// the next track for a session comes from the training sessions most similar to its most recent tracks.
/// <para>
/// Data shape: rows of the fitted matrix are <b>sessions</b>, not users, and each value is the track's 1-based
/// <b>position</b> in its session (a repeated track keeps its last position); a history given to
/// <see cref="RecommenderBase.RecommendForHistory"/> is the session so far with the same convention (larger = more recent).
/// Any positive values still work (ties are broken by item index), but then "recent" means "largest value".
/// </para>
/// <para>
/// Scoring: the <see cref="SessionKnnOptions.Last"/> most recent tracks get weights w = (n − r)/n by recency rank r
/// (0 = latest); a candidate session c scores sim(c) = Σ_{i ∈ recent ∩ c} wᵢ / √|c| (cosine up to a per-query constant);
/// the <see cref="SessionKnnOptions.Neighbours"/> nearest among the <see cref="SessionKnnOptions.Sample"/> most recent
/// candidates vote score(t) = Σ_c sim(c) · exp(−|pos_c(t) − pos_c(m)|/λ), m being the most recent current track found in c.
/// Tracks no neighbour holds are ranked after all voted ones by popularity (number of sessions).
/// </para>
/// </summary>
public sealed class SessionKnnModel(SessionKnnOptions options) : RecommenderBase, ISessionRecommender
{
    public const string KindName = "sknn";

    private CsrMatrix _itemSessions = null!;
    private float[] _popularity = [];

    public SessionKnnOptions Options { get; } = options;
    public override string Kind => KindName;

    protected override void FitCore(CsrMatrix userItems, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        Index(userItems);
        progress?.Report(new TrainingProgress(1, 1, null));
    }

    private void Index(CsrMatrix sessions)
    {
        _itemSessions = sessions.Transpose();
        _popularity = UserKnnModel.Popularity(_itemSessions);
    }

    /// <summary>A known session scores like its own tracks given as a history (it is its own neighbour, whose tracks are all seen).</summary>
    protected override void ScoreUser(int user, Span<float> scores) => ScoreHistory(UserItems.Row(user), scores);

    protected override void ScoreHistory(SparseRow history, Span<float> scores)
    {
        Vote(history, scores, votes: null);
        for (var t = 0; t < scores.Length; t++)
            if (scores[t] <= 0) scores[t] = _popularity[t] - 1f;
    }

    /// <summary>Tracks that follow this one in the sessions around it: the scores of a one-track session, voted tracks only.</summary>
    public override ScoredItem[] SimilarItems(int item, int count)
    {
        CheckItem(item);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var scores = new float[ItemCount];
        Vote(new SparseRow([item], [1f]), scores, votes: null);
        scores[item] = 0;
        var voted = new List<KeyValuePair<int, float>>();
        for (var t = 0; t < scores.Length; t++)
            if (scores[t] > 0) voted.Add(new(t, scores[t]));
        return Numerics.TopK.SelectCandidates(voted, count);
    }

    /// <summary>Each recent track's share wᵢ/√|c| · decay of the neighbours' votes for <paramref name="item"/>; the shares sum to its score.</summary>
    public override Contribution[] Explain(SparseRow history, int item, int count)
    {
        CheckHistory(history);
        CheckItem(item);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var shares = new Dictionary<int, float>();
        Vote(history, new float[ItemCount], (Target: item, shares));
        return [.. shares.Where(s => s.Value > 0).OrderByDescending(s => s.Value).ThenBy(s => s.Key).Take(count)
            .Select(s => new Contribution(s.Key, s.Value))];
    }

    private void Vote(SparseRow history, Span<float> scores, (int Target, Dictionary<int, float> Shares)? votes)
    {
        var recent = Recent(history);
        if (recent.Length == 0) return;

        // candidate sessions: similarity and the position of their most recent match (recent is latest first)
        var candidates = new Dictionary<int, (float Similarity, float MatchPosition)>();
        for (var r = 0; r < recent.Length; r++)
        {
            var weight = (recent.Length - r) / (float)recent.Length;
            var sessions = _itemSessions.RowIndices(recent[r]);
            var positions = _itemSessions.RowValues(recent[r]);
            for (var n = 0; n < sessions.Length; n++)
            {
                var share = weight / MathF.Sqrt(UserItems.RowLength(sessions[n]));
                candidates[sessions[n]] = candidates.TryGetValue(sessions[n], out var c) ? (c.Similarity + share, c.MatchPosition) : (share, positions[n]);
            }
        }
        var neighbours = candidates.OrderByDescending(c => c.Key).Take(Options.Sample)
            .OrderByDescending(c => c.Value.Similarity).ThenBy(c => c.Key).Take(Options.Neighbours);

        foreach (var (session, (similarity, match)) in neighbours)
        {
            var tracks = UserItems.RowIndices(session);
            var positions = UserItems.RowValues(session);
            for (var n = 0; n < tracks.Length; n++)
            {
                var decay = Options.PositionDecay > 0 ? MathF.Exp(-MathF.Abs(positions[n] - match) / Options.PositionDecay) : 1f;
                scores[tracks[n]] += similarity * decay;
                if (votes is { } v && tracks[n] == v.Target) Share(session, decay, recent, v.Shares);
            }
        }
    }

    private void Share(int session, float decay, int[] recent, Dictionary<int, float> shares)
    {
        var norm = MathF.Sqrt(UserItems.RowLength(session));
        for (var r = 0; r < recent.Length; r++)
        {
            if (UserItems.RowIndices(session).BinarySearch(recent[r]) < 0) continue;
            var weight = (recent.Length - r) / (float)recent.Length;
            shares[recent[r]] = shares.GetValueOrDefault(recent[r]) + weight / norm * decay;
        }
    }

    /// <summary>The history's most recent tracks, latest first: by value descending, ties to the higher index.</summary>
    private int[] Recent(SparseRow history) =>
        [.. Enumerable.Range(0, history.Count).OrderByDescending(i => history.Values[i]).ThenByDescending(i => history.Indices[i])
            .Take(Options.Last).Select(i => history.Indices[i])];

    public override void Save(BinaryWriter writer)
    {
        writer.Write(Options.Last);
        writer.Write(Options.Neighbours);
        writer.Write(Options.Sample);
        writer.Write(Options.PositionDecay);
        writer.Write(UserItems);
    }

    public static SessionKnnModel Load(BinaryReader reader)
    {
        var options = new SessionKnnOptions { Last = reader.ReadInt32(), Neighbours = reader.ReadInt32(), Sample = reader.ReadInt32(), PositionDecay = reader.ReadSingle() };
        if (options.Last < 1 || options.Neighbours < 1 || options.Sample < 1 || !(options.PositionDecay >= 0))
            throw new ModelFormatException("session kNN file holds invalid options");
        var model = new SessionKnnModel(options);
        var sessions = reader.ReadCsr();
        model.Index(sessions);
        model.RestoreFitted(sessions);
        return model;
    }
}
