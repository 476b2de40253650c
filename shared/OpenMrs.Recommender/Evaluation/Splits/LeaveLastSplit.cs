using System.Globalization;
using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Data.Readers;

namespace OpenMrs.Recommender.Evaluation.Splits;

/// <summary>
/// Leave-last-k by time: for each user with more than k distinct items, the k items whose latest play is most
/// recent go to test (with all their plays); every other item stays in train. Plays are taken in
/// <see cref="InteractionTable.TimeOrder"/>, so items last played in the same second count as more recent in item-id
/// order, whatever the order of the file's rows. Throws <see cref="DegenerateDataException"/> when no user has more
/// than k items.
/// </summary>
public sealed record LeaveLastSplit(int Count = 1)
{
    public TrainTestSplit Split(InteractionTable plays)
    {
        if (Count < 1) throw new ArgumentOutOfRangeException(nameof(Count), Count, "must be at least 1");
        if (!plays.HasTimes) throw new InvalidOperationException("leave-last-k needs a time on every record; this data has none");

        var latest = new Dictionary<(int User, int Item), int>();
        var order = plays.TimeOrder();
        for (var position = 0; position < order.Length; position++)
            latest[(plays.UserIndices[order[position]], plays.ItemIndices[order[position]])] = position;

        var testCells = new HashSet<(int, int)>();
        var most = 0;
        foreach (var userItems in latest.GroupBy(p => p.Key.User))
        {
            var items = userItems.OrderBy(p => p.Value).ToArray();
            most = Math.Max(most, items.Length);
            if (items.Length <= Count) continue;
            foreach (var last in items[^Count..]) testCells.Add(last.Key);
        }
        if (testCells.Count == 0)
            throw new DegenerateDataException(string.Create(CultureInfo.InvariantCulture,
                $"no user has more than {Count} distinct item(s), so leaving the last {Count} out holds nothing out (the most any user has is {most}); use a larger file or fewer held-out items"));

        var isTest = Enumerable.Range(0, plays.Count).ToLookup(r => testCells.Contains((plays.UserIndices[r], plays.ItemIndices[r])));
        return new TrainTestSplit(plays.ToMatrix(isTest[false]), plays.ToMatrix(isTest[true]));
    }
}
