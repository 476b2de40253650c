using System.Collections.Concurrent;
using OpenMrs.Contracts.Events;
using OpenMrs.Serving.Grains.Models;

namespace OpenMrs.Serving.Grains.Content;

/// <summary>
/// Track artists as the catalogue (<c>tracks</c>) states them, where they differ from what the loaded models say: a
/// model carries the artists of the catalogue it was trained from, so without this an artist change reached the
/// artist cap, MMR and the skip penalty only after the next retrain. Tracks no model knows take the catalogue's artist
/// too. The differences are kept apart (rebuilt when a model is swapped in, updated on every upsert), so ranking looks
/// a candidate up only while some exist.
/// </summary>
public sealed class CatalogueArtists(TrackTexts texts, ICurrentModel currentModel)
{
    private readonly Lock _gate = new();
    private ConcurrentDictionary<string, string> _differing = new(StringComparer.Ordinal);
    // The map's count, kept under the gate: ConcurrentDictionary.IsEmpty takes every lock of an empty map, and ranking
    // asks once per candidate (2 % of a ranking's CPU, with the locks' cache lines bouncing between cores).
    private int _differingCount;

    /// <summary>Tracks whose catalogue artist differs from the current models'.</summary>
    public int Differing => Volatile.Read(ref _differingCount);

    /// <summary>The artist to rank <paramref name="trackId"/> under: the catalogue's where it differs from <paramref name="modelArtist"/> (the models' answer, empty when none knows the track), else the models'.</summary>
    public string Resolve(string trackId, string modelArtist)
    {
        if (modelArtist.Length == 0) return texts.Find(trackId)?.Artist ?? "";
        return Volatile.Read(ref _differingCount) > 0 && Volatile.Read(ref _differing).TryGetValue(trackId, out var stated) ? stated : modelArtist;
    }

    /// <summary>An upsert was applied to the catalogue (<see cref="TrackTexts"/>): compares its artist with the current models'.</summary>
    public void Announced(TrackUpsert track)
    {
        lock (_gate)
        {
            Compare(_differing, track.TrackId, track.Artist, currentModel.Current);
            Volatile.Write(ref _differingCount, _differing.Count);
        }
    }

    /// <summary>Compares every catalogue track with the models just swapped in; called by <see cref="ModelLoader"/>. O(catalogue).</summary>
    public void Reconcile()
    {
        lock (_gate)
        {
            var model = currentModel.Current;
            var differing = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
            foreach (var (trackId, text) in texts.All) Compare(differing, trackId, text.Artist, model);
            Volatile.Write(ref _differing, differing);
            Volatile.Write(ref _differingCount, differing.Count);
        }
    }

    private static void Compare(ConcurrentDictionary<string, string> differing, string trackId, string stated, ServingModel? model)
    {
        var known = model?.ArtistOf(trackId) ?? "";
        if (known.Length > 0 && stated.Length > 0 && !string.Equals(known, stated, StringComparison.OrdinalIgnoreCase)) differing[trackId] = stated;
        else differing.TryRemove(trackId, out _);
    }
}
