namespace OpenMrs.ModelStore.Formats;

/// <summary>One track of a popularity model.</summary>
/// <param name="Artist">The track's artist when the catalog knows it, else empty.</param>
public readonly record struct PopularTrack(string TrackId, double Score, string Artist);

/// <summary>
/// Tracks ranked by weighted listen counts, best first. Immutable: a new ranking is a new model version.
/// </summary>
public sealed class PopularityModel
{
    public const string Kind = "popularity";

    private readonly PopularTrack[] _tracks;
    private readonly Dictionary<string, int> _rankByTrack;

    /// <summary>Sorts <paramref name="tracks"/> by score (descending, ties by track id) and drops repeated ids.</summary>
    public PopularityModel(IEnumerable<PopularTrack> tracks)
    {
        _rankByTrack = new Dictionary<string, int>(StringComparer.Ordinal);
        var sorted = new List<PopularTrack>();
        foreach (var track in tracks
                     .OrderByDescending(t => t.Score)
                     .ThenBy(t => t.TrackId, StringComparer.Ordinal))
        {
            if (!double.IsFinite(track.Score)) throw new ArgumentException($"track '{track.TrackId}' has a non-finite score");
            if (_rankByTrack.TryAdd(track.TrackId, sorted.Count)) sorted.Add(track);
        }
        _tracks = sorted.ToArray();
    }

    public static PopularityModel Empty { get; } = new([]);

    /// <summary>Tracks in rank order, best first.</summary>
    public ReadOnlySpan<PopularTrack> Tracks => _tracks;

    public int Count => _tracks.Length;

    public double TopScore => _tracks.Length > 0 ? _tracks[0].Score : 0;

    /// <summary>Zero-based rank of a track, or -1 when the model does not hold it.</summary>
    public int RankOf(string trackId) => _rankByTrack.GetValueOrDefault(trackId, -1);

    /// <summary>The track's score divided by the top score, in [0, 1]; 0 when the model does not hold it or holds nothing above 0.</summary>
    public double RelativeScore(string trackId) =>
        RankOf(trackId) is var rank and >= 0 && TopScore > 0 ? _tracks[rank].Score / TopScore : 0;
}
