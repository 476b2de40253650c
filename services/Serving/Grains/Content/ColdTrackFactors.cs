using OpenMrs.Recommender.Numerics;
using OpenMrs.Recommender.Text;
using OpenMrs.Serving.Grains.Models;

namespace OpenMrs.Serving.Grains.Content;

/// <summary>Predicted unit factors (rows of <see cref="Factors"/>, tracks × k) of the cold tracks, in <see cref="TrackIds"/> order.</summary>
public sealed record ColdTracks(IReadOnlyList<string> TrackIds, IReadOnlyList<string> Artists, FactorMatrix Factors);

/// <summary>
/// The content-to-factors predictions of every cold track: a track with text (<see cref="TrackTexts"/>) or an audio
/// embedding (<see cref="TrackEmbeddings"/>) that the personal model has no factors for, unless neither gives the
/// model any evidence (no embedding, no known word). The set is rebuilt when the
/// models or the content change; a track whose content and content model did not change keeps its prediction.
/// Memory: cold tracks × k × 4 bytes.
/// </summary>
public sealed class ColdTrackFactors(TrackTexts texts, TrackEmbeddings embeddings)
{
    private readonly Lock _gate = new();
    private Snapshot? _snapshot;

    private sealed record Snapshot(ContentPart Content, string PersonalVersion, long TextVersion, long EmbeddingVersion, ColdTracks Tracks,
        Dictionary<string, Prediction> Predictions);

    private sealed record Prediction(TrackText? Text, float[]? Audio, float[] Factors);

    /// <summary>The cold tracks' predictions for these models; null when the content model's factor count is not the personal model's.</summary>
    public ColdTracks? For(ContentPart content, ModelPart personal)
    {
        if (personal.Model.Factors is not { } factors || factors.ItemFactors.Factors != content.Model.Factors) return null;
        var seen = Volatile.Read(ref _snapshot);
        if (IsCurrent(seen, content, personal)) return seen!.Tracks;
        lock (_gate)
        {
            seen = _snapshot;
            if (IsCurrent(seen, content, personal)) return seen!.Tracks;
            var built = Build(content, personal, ReferenceEquals(seen?.Content, content) ? seen!.Predictions : []);
            Volatile.Write(ref _snapshot, built);
            return built.Tracks;
        }
    }

    private bool IsCurrent(Snapshot? snapshot, ContentPart content, ModelPart personal) =>
        snapshot is not null && ReferenceEquals(snapshot.Content, content) && snapshot.PersonalVersion == personal.Version
        && snapshot.TextVersion == texts.Version && snapshot.EmbeddingVersion == embeddings.Version;

    private Snapshot Build(ContentPart content, ModelPart personal, Dictionary<string, Prediction> earlier)
    {
        var (textVersion, embeddingVersion) = (texts.Version, embeddings.Version);
        var model = content.Model;
        var items = personal.Model.Items;
        var ids = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (id, _) in texts.All) if (!items.TryGetIndex(id, out _)) ids.Add(id);
        foreach (var (id, _) in embeddings.All) if (!items.TryGetIndex(id, out _)) ids.Add(id);

        var predictions = new Dictionary<string, Prediction>(StringComparer.Ordinal);
        var trackIds = new List<string>(ids.Count);
        var artists = new List<string>(ids.Count);
        var rows = new List<float[]>(ids.Count);
        foreach (var id in ids)
        {
            var text = texts.Find(id);
            var audio = embeddings.Find(id) is { } a && a.Length == model.AudioDimension ? a : null;
            if (text is null && audio is null) continue;
            if (!earlier.TryGetValue(id, out var prediction) || !ReferenceEquals(prediction.Text, text) || !ReferenceEquals(prediction.Audio, audio))
            {
                // Without audio and without a known word there is no evidence to place the track; it waits for listens or content.
                if (model.PredictFromEvidence(audio ?? [], text) is not { } predicted) continue;
                prediction = new Prediction(text, audio, predicted);
            }
            predictions[id] = prediction;
            trackIds.Add(id);
            artists.Add(text?.Artist ?? "");
            rows.Add(prediction.Factors);
        }
        var matrix = new FactorMatrix(rows.Count, model.Factors);
        for (var r = 0; r < rows.Count; r++) rows[r].CopyTo(matrix.Row(r));
        return new Snapshot(content, personal.Version, textVersion, embeddingVersion, new ColdTracks(trackIds, artists, matrix), predictions);
    }
}
