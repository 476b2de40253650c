using Cloud.Unum.USearch;
using OpenMrs.Recommender.Models;
using OpenMrs.Recommender.Numerics;

namespace OpenMrs.Serving.Grains.Ranking.Candidates.FactorSearch;

/// <summary>
/// Approximate maximum inner product search with USearch HNSW graphs (Malkov &amp; Yashunin 2018) over the item factors,
/// reduced to nearest-neighbour search by the Euclidean transform of Bachrach et al. (2014, "Speeding up the Xbox
/// recommender system using a Euclidean transformation for inner-product spaces"): each item row q_i becomes
/// (q_i, √(M² − ‖q_i‖²)) with M the largest row norm, the query becomes (x_u, 0), and then
/// ‖x̃ − q̃_i‖² = ‖x_u‖² + M² − 2 q_i · x_u, so the nearest items in squared L2 are exactly those with the largest inner
/// product. Plain cosine would ignore the item norms (which carry popularity and confidence in WALS) and rank
/// differently; plain inner product is no metric (an item need not be its own nearest neighbour), which HNSW's graph
/// construction assumes. One transform over items whose norms spread widely squashes the low-norm majority onto the
/// extra axis and costs recall, so items are split into <see cref="Bands"/> equal bands by norm, each with its own M
/// (norm-ranging, Yan et al. 2018); bands are searched from the largest norms down and a band is skipped once the
/// k-th best score found reaches ‖x_u‖ · M_band, which no item in it can beat. Found items are rescored exactly
/// (q_i · x_u), so scores match <see cref="ExactFactorIndex"/>.
/// The native library needs glibc ≥ 2.34, libstdc++ (GLIBCXX 3.4.29) and libgomp1 (OpenMP) on Linux x64.
/// </summary>
public sealed class USearchFactorIndex : IFactorIndex
{
    public const string IndexName = "usearch";

    /// <summary>Norm bands, each an HNSW graph of its own.</summary>
    public const int Bands = 8;

    /// <summary>HNSW graph degree M: edges per node and layer.</summary>
    public const int Connectivity = 16;

    /// <summary>Candidate list width while inserting (efConstruction).</summary>
    public const int ExpansionAdd = 128;

    /// <summary>Candidate list width while searching (ef); a search for more items than this widens it to the count asked.</summary>
    public const int ExpansionSearch = 400;

    private readonly Band[] _bands;
    private readonly FactorMatrix _items;
    private readonly long _nativeBytes;
    // USearch keeps one search context per hardware thread and fails a search when none is free.
    private readonly SemaphoreSlim _contexts = new(Environment.ProcessorCount, Environment.ProcessorCount);

    private USearchFactorIndex(Band[] bands, FactorMatrix items, HnswSettings settings)
    {
        _bands = bands;
        _items = items;
        Settings = settings;
        // Vectors plus about two layers' worth of 4-byte neighbour ids per node.
        _nativeBytes = (long)items.Rows * ((items.Factors + 1) * sizeof(float) + 3 * settings.Connectivity * sizeof(uint));
        GC.AddMemoryPressure(_nativeBytes);
    }

    ~USearchFactorIndex()
    {
        foreach (var band in _bands) band.Index.Dispose();
        GC.RemoveMemoryPressure(_nativeBytes);
    }

    public string Name => IndexName;

    /// <summary>The HNSW settings the graphs were built with.</summary>
    public HnswSettings Settings { get; }

    /// <summary>Builds the graphs over every row of <paramref name="items"/> on the calling thread (100,000 rows of 64 factors: about 10 s).</summary>
    /// <exception cref="DllNotFoundException">The native library or one of its dependencies (libgomp1) cannot be loaded.</exception>
    public static USearchFactorIndex Build(FactorMatrix items, CancellationToken cancellationToken = default) =>
        Build(items, HnswSettings.Default, cancellationToken);

    /// <summary>Builds the graphs with other HNSW settings (the benchmark's time/recall table).</summary>
    public static USearchFactorIndex Build(FactorMatrix items, HnswSettings settings, CancellationToken cancellationToken = default)
    {
        var norms = items.RowNorms();
        // Band membership by norm; within a band items keep their own order, since inserting in norm order builds a poor graph.
        var byNorm = Enumerable.Range(0, items.Rows).OrderByDescending(i => norms[i]).ThenBy(i => i).ToArray();
        // Bands pay only where norms spread; rows of one length (unit rows: cosine) make one graph.
        var count = norms.Max() > 1.01f * norms.Min() ? Math.Clamp(items.Rows / 1_000, 1, Bands) : 1;
        var bands = new List<Band>(count);
        try
        {
            for (var b = 0; b < count; b++)
            {
                var members = byNorm[(b * items.Rows / count)..((b + 1) * items.Rows / count)];
                Array.Sort(members);
                bands.Add(BuildBand(items, members, norms, settings, cancellationToken));
            }
        }
        catch
        {
            foreach (var band in bands) band.Index.Dispose();
            throw;
        }
        return new USearchFactorIndex([.. bands], items, settings);
    }

    public ScoredItem[] Search(float[] query, int count, int[] excluded)
    {
        if (query.Length != _items.Factors) throw new ArgumentException($"query has {query.Length} factors, items have {_items.Factors}", nameof(query));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        // Ask for enough that the count survives dropping excluded items (a user's known tracks score high).
        var wanted = (int)Math.Min((long)count + excluded.Length, _items.Rows);
        var augmented = new float[_items.Factors + 1];
        query.CopyTo(augmented, 0);
        var queryNorm = VectorOps.Norm(query);
        var found = new List<ScoredItem>(wanted);
        foreach (var band in _bands)
        {
            if (found.Count >= count && KthBest(found, count) >= queryNorm * band.MaxNorm) break;
            foreach (var key in SearchBand(band, augmented, Math.Min(wanted, band.Size)))
            {
                var item = (int)key;
                if (Array.BinarySearch(excluded, item) < 0) found.Add(new ScoredItem(item, VectorOps.Dot(query, _items.Row(item))));
            }
        }
        found.Sort(static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Item.CompareTo(b.Item));
        return [.. found.Take(count)];
    }

    private ulong[] SearchBand(Band band, float[] augmented, int wanted)
    {
        _contexts.Wait();
        try
        {
            band.Index.Search(augmented, wanted, out var keys, out _);
            return keys;
        }
        finally
        {
            _contexts.Release();
        }
    }

    private static float KthBest(List<ScoredItem> found, int k)
    {
        found.Sort(static (a, b) => b.Score.CompareTo(a.Score));
        return found[k - 1].Score;
    }

    private static Band BuildBand(FactorMatrix items, int[] members, float[] norms, HnswSettings settings, CancellationToken cancellationToken)
    {
        var k = items.Factors;
        var maxNorm = members.Max(i => norms[i]);
        var index = new USearchIndex(MetricKind.L2sq, ScalarKind.Float32, (ulong)(k + 1), (ulong)settings.Connectivity, (ulong)settings.ExpansionAdd, (ulong)settings.ExpansionSearch);
        try
        {
            const int batch = 4_096;
            for (var start = 0; start < members.Length; start += batch)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var n = Math.Min(batch, members.Length - start);
                var keys = new ulong[n];
                var rows = new float[n][];
                for (var r = 0; r < n; r++)
                {
                    var item = members[start + r];
                    keys[r] = (ulong)item;
                    var row = rows[r] = new float[k + 1];
                    items.Row(item).CopyTo(row);
                    row[k] = MathF.Sqrt(Math.Max(0, maxNorm * maxNorm - norms[item] * norms[item]));
                }
                index.Add(keys, rows);
            }
        }
        catch
        {
            index.Dispose();
            throw;
        }
        return new Band(index, maxNorm, members.Length);
    }

    private sealed record Band(USearchIndex Index, float MaxNorm, int Size);
}

/// <summary>HNSW graph settings: degree M, candidate list width while inserting (efConstruction) and while searching (ef).</summary>
public sealed record HnswSettings(int Connectivity, int ExpansionAdd, int ExpansionSearch)
{
    public static HnswSettings Default { get; } = new(USearchFactorIndex.Connectivity, USearchFactorIndex.ExpansionAdd, USearchFactorIndex.ExpansionSearch);

    public override string ToString() => $"M {Connectivity}, efConstruction {ExpansionAdd}, ef {ExpansionSearch}";
}
