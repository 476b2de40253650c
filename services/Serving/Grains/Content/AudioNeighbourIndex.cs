using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenMrs.Recommender.Numerics;
using OpenMrs.Serving.Grains.Ranking.Candidates.FactorSearch;

namespace OpenMrs.Serving.Grains.Content;

/// <summary>
/// The tracks nearest to a track by audio-embedding cosine, without reading every embedding per request. A snapshot
/// of the embeddings (unit rows, tracks × d, float32, d the most common dimension) is searched through a factor index:
/// exact (<see cref="ExactFactorIndex"/>, the int8 screen with float32 rescoring) up to <c>annAboveTracks</c> tracks,
/// USearch HNSW above (<see cref="USearchFactorIndex"/>; unit rows make its inner product the cosine). Embeddings that
/// changed since the snapshot (<see cref="TrackEmbeddings.ChangedAfter"/>: new, replaced or removed) are scored against
/// their live vectors and their snapshot rows left out, so every change counts at once and a snapshot never goes
/// stale. A build also lists every track's <see cref="NeighboursPerTrack"/> nearest, so a request for an unchanged
/// track reads its list instead of searching. Snapshots are rebuilt only to keep the exact part small, once the
/// changes pass <see cref="RebuildAfterChanges"/> (100,000 × 32 takes about half a minute of one core with USearch).
/// Builds of catalogues from <see cref="RebuildOnRequestBelow"/> tracks up run on the thread pool; until the first
/// one is ready, and for a query of another dimension, the live embeddings are scanned. Memory: a second copy of the
/// snapshot's vectors, the index, and 8 bytes per listed neighbour (32 MB at 100,000 tracks).
/// </summary>
public sealed class AudioNeighbourIndex(TrackEmbeddings embeddings, int annAboveTracks, ILogger<AudioNeighbourIndex>? logger = null)
{
    /// <summary>Exact search at every size: for tests and small catalogues.</summary>
    public AudioNeighbourIndex(TrackEmbeddings embeddings) : this(embeddings, int.MaxValue) { }

    /// <summary>HNSW settings for audio neighbours: searches ask for 40 (<see cref="NeighboursPerTrack"/>), so a narrower ef than the collaborative index's.</summary>
    public static readonly HnswSettings Hnsw = new(USearchFactorIndex.Connectivity, USearchFactorIndex.ExpansionAdd, ExpansionSearch: 128);

    /// <summary>
    /// Catalogues smaller than this rebuild on the request that finds a rebuild due, which then searches the new
    /// snapshot (listing every track's neighbours is tracks² × d multiply-adds: about 20 ms at 1,024 × 32).
    /// </summary>
    public const int RebuildOnRequestBelow = 1_024;

    /// <summary>Nearest tracks a snapshot lists for each of its tracks (8 bytes each); requests for up to this many read them.</summary>
    public const int NeighboursPerTrack = 40;

    /// <summary>Changes since the snapshot that start a rebuild: 1 % of it, at least 256 (each costs a lookup and a dot product per query).</summary>
    public static int RebuildAfterChanges(int snapshotRows) => Math.Max(256, snapshotRows / 100);

    private readonly ILogger _logger = logger ?? NullLogger<AudioNeighbourIndex>.Instance;
    private readonly Lock _publishGate = new();
    private volatile Snapshot? _snapshot;
    private int _building;
    private long _retryAfterMs;

    /// <summary>How long a failed rebuild waits before the next try (a build of 100,000 tracks is half a minute of a core).</summary>
    public static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(30);

    /// <summary>The version of the embeddings the current snapshot holds (−1 before the first), for tests and telemetry.</summary>
    public long SnapshotVersion => _snapshot?.Version ?? -1;

    /// <summary>The snapshot's index name ("exact" or "usearch"), or null before the first snapshot.</summary>
    public string? IndexName => _snapshot?.Index.Name;

    /// <summary>
    /// The <paramref name="count"/> tracks whose embeddings have the highest cosine with the track's, best first (ties
    /// by track id), itself and <paramref name="skip"/> excluded; empty when the track has no embedding.
    /// </summary>
    public IReadOnlyList<(string TrackId, float Cosine)> Nearest(string trackId, int count, IReadOnlySet<string>? skip = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (embeddings.Find(trackId) is not { } query) return [];
        var found = Search(Current(), trackId, query, count, skip);
        found.Sort(static (a, b) => b.Cosine.CompareTo(a.Cosine) is var byCosine and not 0 ? byCosine : string.CompareOrdinal(a.TrackId, b.TrackId));
        if (found.Count > count) found.RemoveRange(count, found.Count - count);
        return found;
    }

    /// <summary>Builds the snapshot now, on the calling thread (for start-up and tests).</summary>
    public void Rebuild()
    {
        if (Build() is not { } built) return;
        // A build that read the embeddings earlier and finished later never replaces a newer snapshot.
        lock (_publishGate)
        {
            if (_snapshot is not null && _snapshot.Version >= built.Version) return;
            _snapshot = built;
        }
        // Only once published: a request that read the previous snapshot finds this one and reads the changes again.
        embeddings.ForgetChangesUpTo(built.Version);
    }

    private List<(string TrackId, float Cosine)> Search(Snapshot? snapshot, string trackId, float[] query, int count, IReadOnlySet<string>? skip)
    {
        if (snapshot is null) return Scan(embeddings.All, trackId, query, skip);
        // The changes after this snapshot's version, read while it is still the current one: a rebuild publishes its
        // snapshot before it forgets the changes the snapshot holds, so a moved snapshot means read again.
        var changed = embeddings.ChangedAfter(snapshot.Version);
        while (_snapshot is { } latest && !ReferenceEquals(latest, snapshot))
            (snapshot, changed) = (latest, embeddings.ChangedAfter(latest.Version));
        // Also when every query has another dimension than the snapshot (a new embedding model re-published the topic).
        if (changed.Count > RebuildAfterChanges(snapshot.Rows)) StartRebuild();
        if (snapshot.Dimensions != query.Length) return Scan(embeddings.All, trackId, query, skip);
        var found = FromSnapshot(snapshot, trackId, query, count, skip, changed);
        if (changed.Count > 0) found.AddRange(Scan(changed.Select(id => KeyValuePair.Create(id, embeddings.Get(id))), trackId, query, skip));
        return found;
    }

    /// <summary>The snapshot's answer without the changed and the skipped tracks.</summary>
    private static List<(string TrackId, float Cosine)> FromSnapshot(
        Snapshot snapshot, string trackId, float[] query, int count, IReadOnlySet<string>? skip, IReadOnlySet<string> changed)
    {
        // An unchanged track's neighbours in the snapshot were listed when it was built: read and filtered per request.
        if (count <= NeighboursPerTrack && !changed.Contains(trackId) && snapshot.RowOf.TryGetValue(trackId, out var own))
        {
            var rows = snapshot.NeighbourRowsOf(own);
            var cosines = snapshot.NeighbourCosinesOf(own);
            // Listed best first (ties by track id), so the first `count` kept are the answer: later ones are never looked up.
            var kept = new List<(string TrackId, float Cosine)>(count);
            var anyChanged = changed.Count > 0;
            for (var n = 0; n < rows.Length && rows[n] >= 0 && kept.Count < count; n++)
            {
                var id = snapshot.Ids[rows[n]];
                if (!(anyChanged && changed.Contains(id)) && skip?.Contains(id) != true) kept.Add((id, cosines[n]));
            }
            if (kept.Count >= count || snapshot.ListsEveryTrack) return kept;
        }
        var excluded = new List<int>(changed.Count + 1);
        foreach (var id in changed.Append(trackId))
            if (snapshot.RowOf.TryGetValue(id, out var row)) excluded.Add(row);
        // The skipped tracks (a user's heard ones) are dropped after the search, from a wider answer, so the common case
        // does not look up every one of them; when too many fall away the search runs again without them.
        var found = Kept(snapshot, query, Math.Min(2 * count, snapshot.Rows), excluded, skip, out var complete);
        if (found.Count < count && !complete && skip is not null)
        {
            foreach (var id in skip)
                if (snapshot.RowOf.TryGetValue(id, out var row)) excluded.Add(row);
            found = Kept(snapshot, query, count, excluded, skip, out _);
        }
        return found;
    }

    /// <param name="complete">True when the index had no more rows to give than it gave.</param>
    private static List<(string TrackId, float Cosine)> Kept(Snapshot snapshot, float[] query, int wanted, List<int> excluded, IReadOnlySet<string>? skip, out bool complete)
    {
        int[] sorted = [.. excluded.Distinct().Order()];
        var available = snapshot.Rows - sorted.Length;
        complete = wanted >= available;
        var found = new List<(string, float)>(wanted);
        if (available <= 0) return found;
        foreach (var (row, cosine) in snapshot.Index.Search(query, Math.Min(wanted, available), sorted))
            if (skip?.Contains(snapshot.Ids[row]) != true) found.Add((snapshot.Ids[row], cosine));
        return found;
    }

    /// <summary>Every given track of the query's dimension, scored exactly; itself, skipped and removed ones (empty vectors) left out.</summary>
    private static List<(string TrackId, float Cosine)> Scan(IEnumerable<KeyValuePair<string, float[]>> tracks, string trackId, float[] query, IReadOnlySet<string>? skip)
    {
        var found = new List<(string, float)>();
        foreach (var (other, vector) in tracks)
            if (vector.Length == query.Length && other != trackId && skip?.Contains(other) != true)
                found.Add((other, VectorOps.Dot(query, vector)));
        return found;
    }

    /// <summary>The snapshot to search now; null until the first is built (started here).</summary>
    private Snapshot? Current()
    {
        if (_snapshot is null) StartRebuild();
        return _snapshot;
    }

    private void StartRebuild()
    {
        if (Environment.TickCount64 < Volatile.Read(ref _retryAfterMs) || Interlocked.CompareExchange(ref _building, 1, 0) != 0) return;
        if (embeddings.Count < RebuildOnRequestBelow) RebuildOnce();
        else _ = Task.Run(RebuildOnce);
    }

    private void RebuildOnce()
    {
        try
        {
            Rebuild();
        }
        catch (Exception ex)
        {
            Volatile.Write(ref _retryAfterMs, Environment.TickCount64 + (long)RetryAfterFailure.TotalMilliseconds);
            _logger.LogError(ex, "Audio neighbour index rebuild failed; searches use the previous snapshot and the changes since, and the next try waits {Seconds} s",
                RetryAfterFailure.TotalSeconds);
        }
        finally
        {
            Volatile.Write(ref _building, 0);
        }
    }

    private Snapshot? Build()
    {
        var clock = Stopwatch.StartNew();
        // The version first: every change up to it is in the enumeration below, later ones count as changes.
        var version = embeddings.Version;
        var all = embeddings.ToArray();
        // Rows in track-id order, so the indexes' ties (the lower row) are ties by track id, the same on every silo.
        Array.Sort(all, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        if (all.Length == 0) return null;
        var dimensions = all.GroupBy(kv => kv.Value.Length).MaxBy(g => g.Count())!.Key;
        var ids = new List<string>(all.Length);
        var matrix = new FactorMatrix(all.Count(kv => kv.Value.Length == dimensions), dimensions);
        foreach (var (id, vector) in all)
        {
            if (vector.Length != dimensions) continue;
            vector.CopyTo(matrix.Row(ids.Count));
            ids.Add(id);
        }
        var rowOf = new Dictionary<string, int>(ids.Count, StringComparer.Ordinal);
        for (var row = 0; row < ids.Count; row++) rowOf[ids[row]] = row;
        var index = IndexOver(matrix);
        // Every track's nearest, searched once here (one core, off the request path) instead of on every request.
        var perTrack = Math.Min(NeighboursPerTrack, ids.Count - 1);
        var neighbourRows = new int[ids.Count * perTrack];
        var neighbourCosines = new float[neighbourRows.Length];
        Array.Fill(neighbourRows, -1);
        for (var row = 0; perTrack > 0 && row < ids.Count; row++)
        {
            var found = index.Search(matrix.Row(row).ToArray(), perTrack, [row]);
            // Best first, ties by the lower row (track id order): requests stop reading a list once they have enough.
            Array.Sort(found, static (a, b) => b.Score.CompareTo(a.Score) is var byScore and not 0 ? byScore : a.Item.CompareTo(b.Item));
            for (var n = 0; n < found.Length; n++) (neighbourRows[row * perTrack + n], neighbourCosines[row * perTrack + n]) = (found[n].Item, found[n].Score);
        }
        _logger.LogInformation("Audio neighbour index ({Index}) over {Tracks} embeddings of {Dimensions} dimensions built in {Ms:F0} ms",
            index.Name, ids.Count, dimensions, clock.Elapsed.TotalMilliseconds);
        return new Snapshot(version, [.. ids], rowOf, dimensions, index, perTrack, neighbourRows, neighbourCosines);
    }

    private IFactorIndex IndexOver(FactorMatrix matrix)
    {
        if (matrix.Rows <= annAboveTracks) return new ExactFactorIndex(matrix);
        try
        {
            return USearchFactorIndex.Build(matrix, Hnsw);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            _logger.LogWarning("USearch's native library cannot be loaded ({Reason}); audio neighbours use exact search", ex.Message);
            return new ExactFactorIndex(matrix);
        }
    }

    /// <param name="PerTrack">Neighbours listed per track: <see cref="NeighboursPerTrack"/>, or every other track when fewer.</param>
    /// <param name="NeighbourRows">Tracks × <paramref name="PerTrack"/> rows, nearest first, −1 past what the index found.</param>
    private sealed record Snapshot(long Version, string[] Ids, Dictionary<string, int> RowOf, int Dimensions, IFactorIndex Index,
        int PerTrack, int[] NeighbourRows, float[] NeighbourCosines)
    {
        public int Rows => Ids.Length;

        /// <summary>True when each track's list holds every other track, so no search can find more.</summary>
        public bool ListsEveryTrack => PerTrack == Rows - 1;

        public ReadOnlySpan<int> NeighbourRowsOf(int row) => NeighbourRows.AsSpan(row * PerTrack, PerTrack);

        public ReadOnlySpan<float> NeighbourCosinesOf(int row) => NeighbourCosines.AsSpan(row * PerTrack, PerTrack);
    }
}
