using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Data.Readers;

namespace OpenMrs.Recommender.Evaluation.Splits;

/// <summary>
/// Leave-last-k by time: for each user with more than k distinct items, the k items whose latest play is most
/// recent go to test (with all their plays); every other item stays in train. Ties in time keep file order.
/// </summary>
public sealed record LeaveLastSplit(int Count = 1)
{
    public TrainTestSplit Split(InteractionTable plays)
    {
        if (Count < 1) throw new ArgumentOutOfRangeException(nameof(Count), Count, "must be at least 1");
        if (!plays.HasTimes) throw new InvalidOperationException("leave-last-k needs a time on every record; this data has none");

        var lastPlay = new Dictionary<(int User, int Item), (long Time, int Record)>();
        for (var r = 0; r < plays.Count; r++)
        {
            var key = (plays.UserIndices[r], plays.ItemIndices[r]);
            var at = (plays.Times[r], r);
            if (!lastPlay.TryGetValue(key, out var seen) || at.CompareTo(seen) > 0) lastPlay[key] = at;
        }

        var testCells = new HashSet<(int, int)>();
        foreach (var userItems in lastPlay.GroupBy(p => p.Key.User))
        {
            var items = userItems.OrderBy(p => p.Value).ToArray();
            if (items.Length <= Count) continue;
            foreach (var latest in items[^Count..]) testCells.Add(latest.Key);
        }

        var isTest = Enumerable.Range(0, plays.Count).ToLookup(r => testCells.Contains((plays.UserIndices[r], plays.ItemIndices[r])));
        return new TrainTestSplit(plays.ToMatrix(isTest[false]), plays.ToMatrix(isTest[true]));
    }
}
