using OpenMrs.Recommender.Data;

namespace OpenMrs.Recommender.Evaluation.Splits;

/// <summary>
/// Drops test cells whose item has no training interactions: no collaborative model can rank an item it never saw,
/// so keeping them only lowers every model's recall by the same unreachable amount. Test users left with nothing
/// are dropped from <see cref="TrainTestSplit.TestUsers"/>. Throws <see cref="DegenerateDataException"/> when every test
/// cell is cold, since nothing would be left to evaluate.
/// </summary>
public static class ColdItemFilter
{
    public static (TrainTestSplit Split, int DroppedCells) WithoutColdTestItems(this TrainTestSplit split)
    {
        var seen = new bool[split.Train.ItemCount];
        foreach (var item in split.Train.UserItems.ColumnIndices) seen[item] = true;

        var test = split.Test.UserItems;
        var builder = new CsrBuilder(test.Rows, test.Columns);
        var dropped = 0;
        for (var user = 0; user < test.Rows; user++)
        {
            var items = test.RowIndices(user);
            var values = test.RowValues(user);
            for (var p = 0; p < items.Length; p++)
            {
                if (seen[items[p]]) builder.Add(user, items[p], values[p]);
                else dropped++;
            }
        }
        if (dropped == 0) return (split, 0);
        var kept = builder.Build();
        if (kept.NonZeros == 0)
            throw new DegenerateDataException(
                $"every held-out item ({dropped} interaction(s)) is missing from training, so no model can rank them; use a larger file, where users share items, or keep cold items");
        var testUsers = split.TestUsers.Where(u => kept.RowLength(u) > 0).ToArray();
        return (split with { Test = split.Test.WithValues(kept), TestUsers = testUsers }, dropped);
    }
}
