using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace OpenMrs.Serving.Grains.State;

/// <summary>
/// Remembers the last <see cref="UserStateLimits.RecentEventIds"/> event ids of a user as 64-bit fingerprints, so a
/// redelivered event is recognised at 8 bytes per id instead of a string. Two distinct ids of one user collide within
/// the window with probability about n²/2⁶⁵ (3·10⁻¹⁴ for n = 1,000).
/// </summary>
internal static class RecentEventWindow
{
    /// <summary>The window trims in chunks of this many, so remembering an id is amortised O(1).</summary>
    private const int TrimSlack = UserStateLimits.RecentEventIds / 10;

    /// <summary>A stable fingerprint (XxHash3 of the id's UTF-16 code units): it is stored, so it must not change between processes.</summary>
    public static ulong Fingerprint(string eventId) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(eventId.AsSpan()));

    /// <summary>Adds <paramref name="fingerprint"/> unless it is among the recent ones; keeps at least the newest <see cref="UserStateLimits.RecentEventIds"/>.</summary>
    /// <param name="order">Fingerprints oldest first: the stored form.</param>
    /// <param name="index">The same fingerprints as a set.</param>
    public static bool TryAdd(List<ulong> order, HashSet<ulong> index, ulong fingerprint)
    {
        if (!index.Add(fingerprint)) return false;
        order.Add(fingerprint);
        if (order.Count > UserStateLimits.RecentEventIds + TrimSlack)
        {
            var excess = order.Count - UserStateLimits.RecentEventIds;
            for (var i = 0; i < excess; i++) index.Remove(order[i]);
            order.RemoveRange(0, excess);
        }
        return true;
    }
}
