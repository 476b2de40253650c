using OpenMrs.Serving.Grains.Content;

namespace OpenMrs.Serving.Grains.Ranking.Candidates;

/// <summary>
/// Audio-content candidates: the nearest tracks by embedding cosine to the user's last few positive listens, so
/// tracks that sound alike surface even with few listens ("similar in sound to X"); the candidate budget is shared
/// out over the anchors that have an embedding, and the nearest within it are kept. Proposes nothing until <c>track-features</c> has delivered embeddings.
/// </summary>
public sealed class AudioCandidateGenerator(TrackEmbeddings embeddings, AudioNeighbourIndex neighbours) : ICandidateGenerator
{
    /// <summary>With an exact index of its own over <paramref name="embeddings"/> (tests, small catalogues).</summary>
    public AudioCandidateGenerator(TrackEmbeddings embeddings) : this(embeddings, new AudioNeighbourIndex(embeddings)) { }

    public const string Source = "audio";
    private const string SimilarInSound = "similar in sound to";
    public const int Anchors = 5;

    public string Name => Source;

    public IEnumerable<Candidate> Generate(RankingContext context)
    {
        if (embeddings.NeverFilled) return [];
        var anchors = context.User.Recent.Where(embeddings.Contains).Take(Anchors).ToArray();
        if (anchors.Length == 0) return [];
        var budget = CandidateBudget.For(context);
        var perAnchor = (budget + anchors.Length - 1) / anchors.Length; // the budget shared out over the anchors found
        var best = new Dictionary<string, (float Cosine, string Anchor)>(anchors.Length * perAnchor, StringComparer.Ordinal);
        foreach (var anchor in anchors)
        {
            foreach (var (track, cosine) in neighbours.Nearest(anchor, perAnchor, context.User.Heard))
                if (cosine > 0 && (!best.TryGetValue(track, out var seen) || cosine > seen.Cosine)) best[track] = (cosine, anchor);
        }
        var ranked = best.ToArray();
        Array.Sort(ranked, static (a, b) => b.Value.Cosine.CompareTo(a.Value.Cosine) is var byCosine and not 0 ? byCosine : string.CompareOrdinal(a.Key, b.Key));
        var candidates = new Candidate[Math.Min(ranked.Length, budget)];
        for (var rank = 0; rank < candidates.Length; rank++)
        {
            var (track, (cosine, anchor)) = ranked[rank];
            var reason = new CandidateReason(SimilarInSound, anchor);
            // One lookup in the personal model gives the artist and the row scoring reads; the scorer resolves the artist of
            // the others (and of tracks the personal model lists without one) once, for every generator's candidates.
            candidates[rank] = context.Model.Personal is { } personal && personal.Model.Items.TryGetIndex(track, out var item)
                ? context.NewCandidate(track, Source, rank, cosine, personal.Model.Track(item).Artist, reason, personal, item)
                : context.NewCandidate(track, Source, rank, cosine, "", reason);
        }
        return candidates;
    }
}
