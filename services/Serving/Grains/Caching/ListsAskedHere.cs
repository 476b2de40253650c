namespace OpenMrs.Serving.Grains.Caching;

/// <summary>
/// The ranked lists one user's grain activation has asked for at the user's current state version, so a miss can skip
/// the Redis read when no other silo can hold its key. Only the user's grain ranks the user's lists, and the key
/// carries the state version, so a version reached on this activation (newer than the one it was activated with) can
/// have lists cached only under keys this activation asked for, except after a lost state tail (a crash before the
/// state write), where an earlier activation may have ranked the same version number for other events; ranking afresh
/// is then the better answer. Not thread-safe: the grain's turns use it one at a time.
/// </summary>
/// <remarks>
/// Keys are remembered by hash in an array made with the activation, so a request writes no reference into the
/// long-lived grain (each one would be work for every collection until then) and allocates nothing. Two keys with one
/// hash only make the second read Redis.
/// </remarks>
/// <param name="activatedAtStateVersion">The state version read from storage when the grain activated.</param>
public sealed class ListsAskedHere(long activatedAtStateVersion)
{
    /// <summary>Distinct keys remembered per state version; past it every key reads Redis until the next version.</summary>
    public const int MaxKeysPerStateVersion = 8;

    private readonly long _activatedAt = activatedAtStateVersion;
    private readonly int[] _askedHashes = new int[MaxKeysPerStateVersion];
    private int _asked;
    private long _stateVersion = activatedAtStateVersion;

    /// <summary>
    /// Records <paramref name="key"/> as asked and says whether only this silo can hold it (the <c>thisSiloOnly</c> of
    /// <see cref="IRankedListCache.GetAsync"/>): true the first time a key is asked at a state version this activation
    /// reached; false for the activation's own state version, a repeated key, and every key once
    /// <see cref="MaxKeysPerStateVersion"/> were asked at the version (a forgotten key may be cached in Redis only).
    /// </summary>
    public bool FirstAskHere(RankedListCacheKey key)
    {
        if (key.StateVersion <= _activatedAt) return false;
        if (key.StateVersion != _stateVersion)
        {
            _stateVersion = key.StateVersion;
            _asked = 0;
        }
        // Full: a key not remembered may have been asked and forgotten, so none is known to be new.
        if (_asked == MaxKeysPerStateVersion) return false;
        var hash = key.GetHashCode();
        if (_askedHashes.AsSpan(0, _asked).Contains(hash)) return false;
        _askedHashes[_asked++] = hash;
        return true;
    }
}
