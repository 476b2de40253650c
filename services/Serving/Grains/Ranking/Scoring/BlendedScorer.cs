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
    /// <summary>The weighted terms' generators (in <see cref="TermWeights"/>'s order), then popularity, whose signal gives only its reason.</summary>
    private static readonly string[] Sources =
    [
        CollaborativeCandidateGenerator.Source, RankerCandidateGenerator.Source, NeighbourCandidateGenerator.HistorySource,
        NeighbourCandidateGenerator.SessionSource, AudioCandidateGenerator.Source, PopularCandidateGenerator.Source,
    ];

    private const int Terms = 5;
    private const int Popular = Terms;

    public void Score(RankingContext context, IReadOnlyList<Candidate> candidates)
    {
        var weights = context.Weights ?? options.Value.Scoring;
        var model = context.Model;
        var termWeights = TermWeights(weights);
        // Each candidate's signals are read in one pass over them (SignalsOf), not one lookup per term.
        var signals = new SignalRow();
        var maxima = new TermValues();
        foreach (var candidate in candidates)
        {
            candidate.SignalsOf(Sources, signals);
            for (var t = 0; t < Terms; t++) maxima[t] = Math.Max(maxima[t], signals[t].Value);
        }
        var skipsByArtist = SkipsByArtist(context);
        var fresh = freshness?.View(options.Value.FreshnessWindow);

        foreach (var candidate in candidates)
        {
            var proposedBy = candidate.SignalsOf(Sources, signals);
            var popularity = candidate.Origin is { } origin ? origin.RelativePopularity(model.Popularity)[candidate.OriginItem] : model.Popularity.RelativeScore(candidate.TrackId);
            var score = weights.Popularity * popularity;
            var strongest = weights.Popularity * popularity;
            var reason = (proposedBy & 1 << Popular) != 0 ? signals[Popular].Reason : "popular among listeners";
            for (var t = 0; t < Terms; t++)
            {
                if (maxima[t] <= 0 || signals[t].Value <= 0) continue;
                var term = termWeights[t] * signals[t].Value / maxima[t];
                score += term;
                if (term > strongest) (strongest, reason) = (term, signals[t].Reason);
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

    private static TermValues TermWeights(ScoringWeights weights)
    {
        var termWeights = new TermValues();
        (termWeights[0], termWeights[1], termWeights[2], termWeights[3], termWeights[4]) =
            (weights.Collaborative, weights.Ranker, weights.Neighbours, weights.Session, weights.Audio);
        return termWeights;
    }

    /// <summary>One value per weighted term, on the stack.</summary>
    [System.Runtime.CompilerServices.InlineArray(Terms)]
    private struct TermValues
    {
        private double _value;
    }

    /// <summary>One candidate's signal per source of <see cref="Sources"/>, on the stack.</summary>
    [System.Runtime.CompilerServices.InlineArray(Terms + 1)]
    private struct SignalRow
    {
        private Signal _signal;
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
