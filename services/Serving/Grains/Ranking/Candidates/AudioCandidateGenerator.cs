using OpenMrs.Serving.Grains.Content;

namespace OpenMrs.Serving.Grains.Ranking.Candidates;

/// <summary>
/// Audio-content candidates: the nearest tracks by embedding cosine to the user's last few positive listens, so
/// tracks that sound alike surface even with few listens ("similar in sound to X"); the candidate budget is shared
/// out over the anchors. Proposes nothing until <c>track-features</c> has delivered embeddings.
/// </summary>
public sealed class AudioCandidateGenerator(TrackEmbeddings embeddings, AudioNeighbourIndex neighbours) : ICandidateGenerator
{
    /// <summary>With an exact index of its own over <paramref name="embeddings"/> (tests, small catalogues).</summary>
    public AudioCandidateGenerator(TrackEmbeddings embeddings) : this(embeddings, new AudioNeighbourIndex(embeddings)) { }

    public const string Source = "audio";
    public const int Anchors = 5;

    public string Name => Source;

    public IEnumerable<Candidate> Generate(RankingContext context)
    {
        if (embeddings.NeverFilled) return [];
        var perAnchor = (CandidateBudget.For(context) + Anchors - 1) / Anchors; // the budget over the anchors
        var best = new Dictionary<string, (float Cosine, string Reason)>(Anchors * perAnchor, StringComparer.Ordinal);
        foreach (var anchor in context.User.Recent.Where(embeddings.Contains).Take(Anchors))
        {
            var reason = $"similar in sound to {anchor}"; // one per anchor, shared by the tracks it brings
            foreach (var (track, cosine) in neighbours.Nearest(anchor, perAnchor, context.User.Heard))
                if (cosine > 0 && (!best.TryGetValue(track, out var seen) || cosine > seen.Cosine)) best[track] = (cosine, reason);
        }
        var ranked = best.ToArray();
        Array.Sort(ranked, static (a, b) => b.Value.Cosine.CompareTo(a.Value.Cosine) is var byCosine and not 0 ? byCosine : string.CompareOrdinal(a.Key, b.Key));
        var candidates = new Candidate[ranked.Length];
        for (var rank = 0; rank < ranked.Length; rank++)
        {
            var (track, (cosine, reason)) = ranked[rank];
            candidates[rank] = new Candidate(track, Source, rank, cosine, context.Model.ArtistOf(track), reason);
        }
        return candidates;
    }
}
