using System.Runtime.InteropServices;
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
        var best = t_best ??= new Dictionary<string, Nearest>(StringComparer.Ordinal);
        var ranked = t_ranked ??= [];
        best.Clear();
        ranked.Clear();
        foreach (var anchor in anchors)
        {
            foreach (var (track, cosine) in neighbours.Nearest(anchor, perAnchor, context.User.Heard))
            {
                if (!(cosine > 0)) continue;
                ref var seen = ref CollectionsMarshal.GetValueRefOrAddDefault(best, track, out var existed);
                if (!existed || cosine > seen.Cosine) seen = new Nearest(track, cosine, anchor);
            }
        }
        foreach (var (_, nearest) in best) ranked.Add(nearest);
        best.Clear();
        ranked.Sort();
        var candidates = new Candidate[Math.Min(ranked.Count, budget)];
        for (var rank = 0; rank < candidates.Length; rank++)
        {
            var (track, cosine, anchor) = ranked[rank];
            var reason = new CandidateReason(SimilarInSound, anchor);
            // One lookup in the personal model gives the artist and the row scoring reads; the scorer resolves the artist of
            // the others (and of tracks the personal model lists without one) once, for every generator's candidates.
            candidates[rank] = context.Model.Personal is { } personal && personal.Model.Items.TryGetIndex(track, out var item)
                ? context.NewCandidate(track, Source, rank, cosine, personal.Model.Track(item).Artist, reason, personal, item)
                : context.NewCandidate(track, Source, rank, cosine, "", reason);
        }
        ranked.Clear();
        return candidates;
    }

    // Per-thread scratch reused across requests (Generate is synchronous): the map and its sorted copy were a sixth of a
    // miss's allocations, and every collection pauses all requests in flight.
    [ThreadStatic] private static Dictionary<string, Nearest>? t_best;
    [ThreadStatic] private static List<Nearest>? t_ranked;

    /// <summary>A track's best cosine to an anchor; sorts by cosine descending, then track id.</summary>
    private readonly record struct Nearest(string Track, float Cosine, string Anchor) : IComparable<Nearest>
    {
        public int CompareTo(Nearest other) =>
            other.Cosine.CompareTo(Cosine) is var byCosine and not 0 ? byCosine : string.CompareOrdinal(Track, other.Track);
    }
}
