using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenMrs.Serving.Grains.Models;

namespace OpenMrs.Serving.Grains.Ranking.Candidates.FactorSearch;

/// <summary>
/// The factor indexes of each loaded personal model version: exact search up to <c>Serving:AnnAboveItems</c> items, a
/// <see cref="USearchFactorIndex"/> above, and the <see cref="CosineFactorIndex"/> of similar tracks, built on first
/// use. The approximate index is built once per <see cref="ModelPart"/>, on the
/// thread pool, started by <see cref="Prepare"/> when the model loads (or by the first search); until it is ready,
/// or when the native library cannot be loaded, searches are exact, so no request waits for a build. Entries live
/// as long as their model part (a weak table), so a replaced version's index goes with it.
/// </summary>
public sealed class FactorIndexCache(int annAboveItems, ILogger<FactorIndexCache>? logger = null)
{
    private readonly ConditionalWeakTable<ModelPart, Entry> _entries = new();
    private readonly ILogger _logger = logger ?? NullLogger<FactorIndexCache>.Instance;
    private volatile string? _unavailable;

    /// <summary>Exact search for every catalogue size.</summary>
    public static FactorIndexCache ExactOnly { get; } = new(int.MaxValue);

    /// <summary>Item count above which the approximate index is used.</summary>
    public int AnnAboveItems { get; } = annAboveItems;

    /// <summary>Why the approximate index cannot be used on this machine (the native library failed to load), or null.</summary>
    public string? AnnUnavailable => _unavailable;

    /// <summary>The index to search <paramref name="part"/>'s item factors with now; starts the approximate build when due.</summary>
    /// <exception cref="ArgumentException">The part is no factor model.</exception>
    public IFactorIndex For(ModelPart part)
    {
        var entry = EntryOf(part);
        return entry.Build?.Value is { IsCompletedSuccessfully: true, Result: { } built } ? built : entry.Exact;
    }

    /// <summary>The exact cosine index of <paramref name="part"/>'s item factors (similar tracks), built on first use, once.</summary>
    /// <exception cref="ArgumentException">The part is no factor model.</exception>
    public CosineFactorIndex CosineFor(ModelPart part) => EntryOf(part).Cosine.Value;

    /// <summary>Starts building the approximate index of a large model off the request path.</summary>
    public void Prepare(ModelPart part)
    {
        if (part.Model.Factors is not null) EntryOf(part);
    }

    /// <summary>The index once any build has finished (the exact one when no approximate index is due or it failed).</summary>
    public async Task<IFactorIndex> WhenReadyAsync(ModelPart part)
    {
        var entry = EntryOf(part);
        return (entry.Build is { } build ? await build.Value : null) ?? entry.Exact;
    }

    private Entry EntryOf(ModelPart part)
    {
        var entry = _entries.GetValue(part, p =>
        {
            var items = (p.Model.Factors ?? throw new ArgumentException($"'{p.Kind}' is no factor model", nameof(part))).ItemFactors;
            var approximate = items.Rows > AnnAboveItems && _unavailable is null
                ? new Lazy<Task<IFactorIndex?>>(() => Task.Run(() => Build(p)))
                : null;
            return new Entry(new ExactFactorIndex(items), approximate, new Lazy<CosineFactorIndex>(() => new CosineFactorIndex(items)));
        });
        // The table may run its factory twice under a race; the lazy makes sure one build starts.
        _ = entry.Build?.Value;
        return entry;
    }

    /// <returns>The index, or null when it cannot be built (logged; searches stay exact).</returns>
    private IFactorIndex? Build(ModelPart part)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var index = USearchFactorIndex.Build(part.Model.Factors!.ItemFactors);
            _logger.LogInformation("Approximate factor index of {Kind} {Version} over {Items} items built in {Seconds:F1} s",
                part.Kind, part.Version, part.Model.Items.Count, clock.Elapsed.TotalSeconds);
            return index;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            _unavailable = ex.Message;
            _logger.LogWarning("USearch's native library cannot be loaded ({Reason}); collaborative candidates use exact search", ex.Message);
            return null;
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Approximate factor index of {Kind} {Version} failed; collaborative candidates use exact search", part.Kind, part.Version);
            return null;
        }
    }

    private sealed record Entry(ExactFactorIndex Exact, Lazy<Task<IFactorIndex?>>? Build, Lazy<CosineFactorIndex> Cosine);
}
