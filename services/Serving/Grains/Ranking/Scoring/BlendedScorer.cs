using Microsoft.Extensions.Options;
using OpenMrs.Serving.Grains.Content;
using OpenMrs.Serving.Grains.Hosting;
using OpenMrs.Serving.Grains.Ranking.Candidates;

namespace OpenMrs.Serving.Grains.Ranking.Scoring;

/// <summary>
/// One score per candidate: Σ w_s · (signal_s / max signal_s over the candidates) for the collaborative, ranker,
/// neighbour, session, audio and popularity signals, plus the freshness boost (w · (1 − age / window) for tracks announced on
/// <c>tracks</c> within <c>Serving:FreshnessWindow</c>), minus the artist skip penalty (w · min(1, skips of the artist / n); artists as <see cref="CatalogueArtists"/> resolves them, kept on the candidate for the re-rankers). Popularity is
/// looked up for every candidate, not only the popular ones. The reason is the one of the largest weighted term.
/// Before any personal model exists only popularity scores, so lists are the popularity ranking.
/// </summary>
public sealed class BlendedScorer(IOptions<ServingOptions> options, TrackFreshness? freshness = null, CatalogueArtists? catalogueArtists = null) : ICandidateScorer
{
    public void Score(RankingContext context, IReadOnlyList<Candidate> candidates)
    {
        var weights = context.Weights ?? options.Value.Scoring;
        var model = context.Model;
        var terms = new (string Source, double Weight)[]
        {
            (CollaborativeCandidateGenerator.Source, weights.Collaborative),
            (RankerCandidateGenerator.Source, weights.Ranker),
            (NeighbourCandidateGenerator.HistorySource, weights.Neighbours),
            (NeighbourCandidateGenerator.SessionSource, weights.Session),
            (AudioCandidateGenerator.Source, weights.Audio),
        };
        var maxima = new double[terms.Length];
        foreach (var candidate in candidates)
            for (var t = 0; t < terms.Length; t++)
                maxima[t] = Math.Max(maxima[t], candidate.SignalOf(terms[t].Source));
        var skipsByArtist = SkipsByArtist(context);
        var fresh = freshness?.View(options.Value.FreshnessWindow);

        foreach (var candidate in candidates)
        {
            var popularity = candidate.Origin is { } origin ? origin.RelativePopularity(model.Popularity)[candidate.OriginItem] : model.Popularity.RelativeScore(candidate.TrackId);
            var score = weights.Popularity * popularity;
            var strongest = weights.Popularity * popularity;
            var reason = candidate.TryGetSignal(PopularCandidateGenerator.Source, out var popular) ? popular.Reason : "popular among listeners";
            for (var t = 0; t < terms.Length; t++)
            {
                if (maxima[t] <= 0 || !candidate.TryGetSignal(terms[t].Source, out var signal) || signal.Value <= 0) continue;
                var term = terms[t].Weight * signal.Value / maxima[t];
                score += term;
                if (term > strongest) (strongest, reason) = (term, signal.Reason);
            }
            if (fresh?.Of(candidate.TrackId) is > 0 and var newness)
            {
                var boost = weights.Freshness * newness;
                score += boost;
                if (boost > strongest) (strongest, reason) = (boost, "new in the catalogue");
            }
            // Resolved once here and kept on the candidate, so the re-rankers (artist cap, MMR) see the same artist.
            var artist = candidate.Artist = ArtistOf(candidate.TrackId, candidate.Artist.Length > 0 ? candidate.Artist : model.ArtistOf(candidate.TrackId));
            if (artist.Length > 0 && skipsByArtist.TryGetValue(artist, out var skips))
                score -= weights.ArtistSkipPenalty * Math.Min(1.0, (double)skips / weights.SkipsForFullPenalty);
            candidate.Score = score;
            candidate.Reason = reason;
        }
    }

    private static readonly Dictionary<string, int> NoSkips = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The catalogue's artist where it differs from the models' (<see cref="CatalogueArtists"/>), else the models'.</summary>
    private string ArtistOf(string trackId, string modelArtist) => catalogueArtists?.Resolve(trackId, modelArtist) ?? modelArtist;

    private Dictionary<string, int> SkipsByArtist(RankingContext context)
    {
        if (context.User.SkipsByTrack is not { Count: > 0 } skipsByTrack) return NoSkips;
        var result = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var (track, skips) in skipsByTrack)
        {
            var artist = ArtistOf(track, context.Model.ArtistOf(track));
            if (artist.Length > 0) result[artist] = result.GetValueOrDefault(artist) + skips;
        }
        return result;
    }
}
