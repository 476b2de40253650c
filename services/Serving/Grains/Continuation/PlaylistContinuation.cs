using Microsoft.Extensions.Options;
using OpenMrs.Contracts.Events;
using OpenMrs.Recommender.Sequences;
using OpenMrs.Serving.Grains.Content;
using OpenMrs.Serving.Grains.Hosting;
using OpenMrs.Serving.Grains.Models;

namespace OpenMrs.Serving.Grains.Continuation;

/// <summary>One chosen track: the cost of the step that chose it (lower is smoother; null without descriptors) and why.</summary>
public sealed record ContinuationItem(string TrackId, double? Cost, string Reason);

/// <summary>A continuation of the seed tracks, in play order, with the model versions its candidates came from.</summary>
public sealed record PlaylistContinuationList(IReadOnlyList<string> SeedTrackIds, string ModelVersion, string Predictor, IReadOnlyList<ContinuationItem> Items);

/// <summary>
/// Sequence-aware playlist continuation after DISCO: candidates from the collaborative models
/// (<see cref="ContinuationCandidates"/>), then a greedy walk that appends, step by step, the candidate c minimising
/// α‖δ·pred − x_c‖ − β·keysim(last, c) − γ·temposim(last, c) (<see cref="TransitionSimilarity"/>), x the scaled
/// descriptor vector and pred the guess of the current <see cref="INextTrackPredictor"/> (the published sequence model,
/// else repeat-the-last-track over <see cref="DescriptorScaling"/>).
/// Candidates are taken in tiers so that missing data never wins: first those with a known key and a positive tempo,
/// then those with descriptors but no key or tempo, then those without descriptors (in model order); ties go to the
/// earlier candidate.
/// </summary>
public sealed class PlaylistContinuation(
    ICurrentModel models, TrackDescriptorStore descriptors, NextTrackPredictors predictors, IOptions<ServingOptions> options)
{
    private static readonly string[] KeyNames = ["C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"];

    /// <summary>Seeds that no loaded model and no descriptor record knows (a continuation needs every seed known).</summary>
    public IReadOnlyList<string> UnknownSeeds(IReadOnlyList<string> seeds)
    {
        var model = models.Current;
        return [.. seeds.Where(s => !Knows(model, s) && !descriptors.TryGet(s, out _)).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Up to <paramref name="length"/> tracks continuing <paramref name="seeds"/> (fewer when the candidates run out).</summary>
    public PlaylistContinuationList Continue(IReadOnlyList<string> seeds, int length)
    {
        var settings = options.Value.Continuation;
        var predictor = predictors.Current;
        var model = models.Current ?? ServingModel.Empty(DateTimeOffset.UtcNow);
        var remaining = ContinuationCandidates.For(model, seeds, settings.CandidatePool)
            .Select((c, rank) => new Entry(c, rank, Lookup(predictor, c.TrackId))).ToList();
        var playlist = seeds.Select(s => Lookup(predictor, s)).ToList();
        var items = new List<ContinuationItem>(length);
        var lastId = seeds[^1];
        while (items.Count < length && remaining.Count > 0)
        {
            var last = playlist[^1];
            var prediction = predictor.Predict([.. playlist.Select(p => p.Vector)]);
            Entry? best = null;
            var bestCost = double.PositiveInfinity;
            foreach (var entry in remaining)
            {
                var cost = Cost(entry, last, prediction, settings);
                if (best is null || entry.Tier < best.Tier || (entry.Tier == best.Tier && cost < bestCost)) (best, bestCost) = (entry, cost);
            }
            remaining.Remove(best!);
            items.Add(new ContinuationItem(best!.Candidate.TrackId, best.Tier < 2 ? bestCost : null, Reason(lastId, last.Descriptors, best)));
            playlist.Add(best.Track);
            lastId = best.Candidate.TrackId;
        }
        return new PlaylistContinuationList(seeds, model.Version, predictor.Name, items);
    }

    private static double Cost(Entry entry, Track last, double[]? prediction, ContinuationOptions w)
    {
        if (entry.Track.Vector is not { } x) return 0;
        var flow = 0.0;
        if (prediction is not null)
        {
            var squares = 0.0;
            for (var f = 0; f < x.Length; f++) squares += Math.Pow(w.Delta * prediction[f] - x[f], 2);
            flow = Math.Sqrt(squares);
        }
        var (a, c) = (last.Descriptors, entry.Track.Descriptors);
        return w.Alpha * flow
            - w.Beta * TransitionSimilarity.KeySimilarity(a?.Key, a?.Mode, c?.Key, c?.Mode)
            - w.Gamma * TransitionSimilarity.TempoSimilarity(a?.TempoBpm, c?.TempoBpm);
    }

    /// <summary>Names only what is known: "key C→Am" with both keys, "in Am" with the next one's alone, nothing without it; tempo alike.</summary>
    private static string Reason(string lastId, TrackDescriptors? last, Entry chosen)
    {
        if (chosen.Track.Descriptors is not { } next) return $"no audio descriptors yet; from the {chosen.Candidate.Source} candidates";
        string?[] parts =
        [
            (KeyName(last), KeyName(next)) switch
            {
                ({ } from, { } to) => $"key {from}→{to}",
                (null, { } to) => $"in {to}",
                _ => null,
            },
            (Tempo(last), Tempo(next)) switch
            {
                ({ } from, { } to) => $"tempo {from}→{to} BPM",
                (null, { } to) => $"at {to} BPM",
                _ => null,
            },
        ];
        var known = string.Join(", ", parts.OfType<string>());
        return known.Length > 0 ? $"smooth next step from {lastId}: {known}" : $"next after {lastId}; from the {chosen.Candidate.Source} candidates";
    }

    private static string? KeyName(TrackDescriptors? d) =>
        d?.Key is >= 0 and < 12 ? KeyNames[d.Key.Value] + (d.Mode == 0 ? "m" : "") : null;

    private static string? Tempo(TrackDescriptors? d) => d?.TempoBpm is double t && t > 0 && double.IsFinite(t) ? $"{t:0}" : null;

    private Track Lookup(INextTrackPredictor predictor, string trackId) =>
        descriptors.TryGet(trackId, out var d) ? new Track(d, predictor.Vector(trackId, d)) : new Track(null, null);

    private static bool Knows(ServingModel? model, string trackId) =>
        model is not null && (model.Popularity.RankOf(trackId) >= 0
                              || model.Personal?.Model.Items.TryGetIndex(trackId, out _) == true
                              || model.Neighbours?.Model.Items.TryGetIndex(trackId, out _) == true);

    private sealed record Track(TrackDescriptors? Descriptors, double[]? Vector);

    private sealed record Entry(ContinuationCandidate Candidate, int Rank, Track Track)
    {
        /// <summary>0: key and tempo known; 1: descriptors without a key or a positive tempo; 2: no descriptors.</summary>
        public int Tier => Track.Descriptors is not { } d ? 2
            : d.Key is >= 0 and < 12 && d.TempoBpm is > 0 && double.IsFinite(d.TempoBpm.Value) ? 0 : 1;
    }
}
