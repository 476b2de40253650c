using System.Collections.Concurrent;

namespace OpenMrs.Serving.Grains.Content;

/// <summary>
/// When each track came out, for the freshness boost: its release time when an upsert on <c>tracks</c> states one
/// (<see cref="OpenMrs.Contracts.Events.TrackUpsert.ReleasedAt"/>; the latest stated wins, so a correction applies),
/// else when it was first announced (the first upsert's Kafka timestamp). A stated release time is never replaced by
/// an announcement, and a re-announced old track never looks new, so a catalogue loaded in bulk with release times
/// ranks as old as it is. The tracks out since within the
/// freshness horizon (the widest window asked so far) are also kept apart, in a map pruned at most every
/// <see cref="PruneEvery"/>: ranking looks up every candidate, and in a map of the whole catalogue each lookup missed
/// the CPU cache. Memory: about 100 bytes a track.
/// </summary>
public sealed class TrackFreshness(TimeProvider time)
{
    /// <summary>How often the map of fresh tracks drops the ones that aged past the horizon.</summary>
    public static readonly TimeSpan PruneEvery = TimeSpan.FromMinutes(1);

    private const long NoHorizonYet = -1; // until the first lookup names a window, every track counts as fresh

    private readonly ConcurrentDictionary<string, OutSince> _outSince = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private ConcurrentDictionary<string, DateTimeOffset> _fresh = new(StringComparer.Ordinal);
    private long _horizonTicks = NoHorizonYet;
    private long _prunedAtTicks;

    /// <summary>Tracks out since within the horizon at the last prune (what each lookup searches).</summary>
    public int FreshTracks => Volatile.Read(ref _fresh).Count;

    /// <summary>Records an upsert of the track announced at <paramref name="announcedAt"/>, stating <paramref name="releasedAt"/> or not.</summary>
    public void Seen(string trackId, DateTimeOffset announcedAt, DateTimeOffset? releasedAt = null)
    {
        var stated = releasedAt is { } released ? new OutSince(released, Stated: true) : new OutSince(announcedAt, Stated: false);
        lock (_gate)
        {
            var since = _outSince.AddOrUpdate(trackId, stated, (_, known) => stated.Stated || !known.Stated && stated.At < known.At ? stated : known).At;
            if (WithinHorizon(since, time.GetUtcNow(), _horizonTicks)) _fresh[trackId] = since;
            else _fresh.TryRemove(trackId, out _);
        }
    }

    /// <summary>1 for a track announced just now, fading linearly to 0 at <paramref name="window"/> old; 0 for unknown tracks.</summary>
    public double Freshness(string trackId, TimeSpan window) => View(window).Of(trackId);

    /// <summary>
    /// The fresh tracks against one reading of the clock, for scoring a request's candidates: reading the clock per
    /// candidate cost more than the lookup itself.
    /// </summary>
    public FreshnessView View(TimeSpan window)
    {
        var now = time.GetUtcNow();
        if (window.Ticks > Volatile.Read(ref _horizonTicks) || now.UtcTicks - Volatile.Read(ref _prunedAtTicks) >= PruneEvery.Ticks) Prune(window, now);
        return new FreshnessView(Volatile.Read(ref _fresh), now, window);
    }

    /// <summary>
    /// Keeps in the fresh map only the tracks out since within the horizon, widened to <paramref name="window"/> when
    /// that is wider; a wider horizon is filled from every track's time, since the narrower one dropped some.
    /// </summary>
    private void Prune(TimeSpan window, DateTimeOffset now)
    {
        lock (_gate)
        {
            var widened = window.Ticks > _horizonTicks;
            if (!widened && now.UtcTicks - _prunedAtTicks < PruneEvery.Ticks) return;
            var horizon = Math.Max(_horizonTicks, window.Ticks);
            var fresh = new ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            var source = widened && _horizonTicks != NoHorizonYet ? _outSince.Select(t => KeyValuePair.Create(t.Key, t.Value.At)) : _fresh;
            foreach (var (track, since) in source)
                if (WithinHorizon(since, now, horizon)) fresh[track] = since;
            Volatile.Write(ref _fresh, fresh);
            Volatile.Write(ref _horizonTicks, horizon);
            Volatile.Write(ref _prunedAtTicks, now.UtcTicks);
        }
    }

    /// <param name="Stated">True for a release time an upsert stated, false for a first announcement.</param>
    private readonly record struct OutSince(DateTimeOffset At, bool Stated);

    private static bool WithinHorizon(DateTimeOffset first, DateTimeOffset now, long horizonTicks) =>
        horizonTicks == NoHorizonYet || (now - first).Ticks < horizonTicks;
}

/// <summary>Freshness of tracks as of one instant (<see cref="TrackFreshness.View"/>).</summary>
public readonly struct FreshnessView
{
    private readonly IReadOnlyDictionary<string, DateTimeOffset> _fresh;
    private readonly DateTimeOffset _now;
    private readonly TimeSpan _window;

    internal FreshnessView(IReadOnlyDictionary<string, DateTimeOffset> fresh, DateTimeOffset now, TimeSpan window) => (_fresh, _now, _window) = (fresh, now, window);

    /// <summary>1 for a track announced at this instant, fading linearly to 0 at the window's age; 0 for unknown tracks.</summary>
    public double Of(string trackId)
    {
        if (_fresh is null || !_fresh.TryGetValue(trackId, out var at)) return 0;
        var age = _now - at;
        return age < TimeSpan.Zero ? 1 : Math.Max(0, 1 - age / _window);
    }
}
