using OpenMrs.Contracts.Events;

namespace OpenMrs.Training.Popularity;

/// <summary>
/// Weighted, time-decayed listen counts per track, idempotent by event id. A listen's weight halves every
/// <c>halfLife</c> of event time, so the ranking follows what is popular now. Scores are kept relative to a fixed
/// anchor time (weight × 2^((t − anchor)/halfLife)) so applying an event is O(1); the anchor moves forward and all
/// scores are rescaled when the factors grow large. Thread-safe.
/// </summary>
public sealed class PopularityCounter
{
    private const double RescaleAboveExponent = 60;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, double> _scores = new(StringComparer.Ordinal);
    private readonly PartitionedEventIds _recentEventIds;
    private readonly double _halfLifeSeconds;
    private DateTimeOffset _anchor;
    private DateTimeOffset _latestEventAt;

    public PopularityCounter(TimeSpan halfLife, int dedupWindowPerPartition)
    {
        if (halfLife <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(halfLife), "the half-life must be positive");
        if (dedupWindowPerPartition < 1) throw new ArgumentOutOfRangeException(nameof(dedupWindowPerPartition));
        _halfLifeSeconds = halfLife.TotalSeconds;
        _recentEventIds = new PartitionedEventIds(dedupWindowPerPartition);
    }

    /// <summary>Increments on every counted event; a publisher compares it to decide whether anything changed.</summary>
    public long Version { get; private set; }

    public long Duplicates { get; private set; }

    /// <summary>Counts <paramref name="listen"/> unless its event id was recently seen on <paramref name="partition"/>.</summary>
    /// <returns>False for a duplicate, which changes nothing.</returns>
    public bool Apply(ListenEvent listen, int partition)
    {
        lock (_gate)
        {
            if (!_recentEventIds.TryAdd(partition, listen.EventId))
            {
                Duplicates++;
                return false;
            }

            if (Version == 0) _anchor = listen.OccurredAt;
            if (listen.OccurredAt > _latestEventAt) _latestEventAt = listen.OccurredAt;
            var weight = ListenWeights.Of(listen.Kind);
            if (weight != 0)
            {
                var exponent = ExponentAt(listen.OccurredAt);
                if (exponent > RescaleAboveExponent)
                {
                    MoveAnchorTo(listen.OccurredAt);
                    exponent = 0;
                }
                _scores[listen.TrackId] = _scores.GetValueOrDefault(listen.TrackId) + weight * Math.Pow(2, exponent);
            }
            Version++;
            return true;
        }
    }

    /// <summary>Every track's current score, decayed to the latest event time seen. Scores can be zero or negative.</summary>
    public IReadOnlyDictionary<string, double> Snapshot()
    {
        lock (_gate)
        {
            var scale = Math.Pow(2, -ExponentAt(_latestEventAt));
            return _scores.ToDictionary(kv => kv.Key, kv => kv.Value * scale, StringComparer.Ordinal);
        }
    }

    private double ExponentAt(DateTimeOffset time) => (time - _anchor).TotalSeconds / _halfLifeSeconds;

    private void MoveAnchorTo(DateTimeOffset newAnchor)
    {
        var scale = Math.Pow(2, -ExponentAt(newAnchor));
        foreach (var trackId in _scores.Keys.ToList()) _scores[trackId] *= scale;
        _anchor = newAnchor;
    }
}
