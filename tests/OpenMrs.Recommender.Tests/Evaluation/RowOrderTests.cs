using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Data.Readers;
using OpenMrs.Recommender.Evaluation.Sequences;
using OpenMrs.Recommender.Evaluation.Splits;

namespace OpenMrs.Recommender.Tests.Evaluation;

/// <summary>The same plays listed in any row order give the same ids, sequences and splits.</summary>
public class RowOrderTests
{
    /// <summary>Sessions of 2–6 plays, a few seconds apart with many same-second plays, over a small catalogue.</summary>
    private static List<InteractionRecord> Sessions(int seed)
    {
        var random = new Random(seed);
        var records = new List<InteractionRecord>();
        for (var s = 0; s < 40; s++)
        {
            var user = $"user{random.Next(8)}";
            var time = 1_000_000L + random.Next(50_000);
            for (var p = 0; p < random.Next(2, 7); p++)
            {
                records.Add(new(user, $"track{random.Next(25)}", 1, time, $"session{s}"));
                time += random.Next(0, 3); // 0: the same second as the play before
            }
        }
        return records;
    }

    private static List<InteractionRecord> Shuffled(IEnumerable<InteractionRecord> records, int seed)
    {
        var shuffled = records.ToArray();
        new Random(seed).Shuffle(shuffled);
        return [.. shuffled];
    }

    private static string[][] Named(InteractionTable table, IEnumerable<int[]> sessions) =>
        [.. sessions.Select(s => s.Select(i => table.Items[i]).ToArray())];

    [Fact]
    public void Ids_are_numbered_in_id_order_whatever_the_row_order()
    {
        var records = Sessions(seed: 1);
        var forward = InteractionTable.Load(records);
        var reversed = InteractionTable.Load(Enumerable.Reverse(records));

        Assert.Equal(forward.Users.Ids.Order(StringComparer.Ordinal), forward.Users.Ids);
        Assert.Equal(forward.Items.Ids, reversed.Items.Ids);
        Assert.Equal(forward.Sessions.Ids, reversed.Sessions.Ids);
        Assert.Equal(forward.ToMatrix().UserItems.ColumnIndices, reversed.ToMatrix().UserItems.ColumnIndices);
        Assert.Equal(forward.ToMatrix().UserItems.Values, reversed.ToMatrix().UserItems.Values);
    }

    [Fact]
    public void A_table_on_given_maps_keeps_their_numbers_and_numbers_its_new_ids_after_them()
    {
        var users = new IdMap(["zed"]);
        var items = new IdMap(["z"]);
        var table = InteractionTable.Load([new("b", "y", 1), new("zed", "z", 1), new("a", "x", 1)], users, items);

        Assert.Equal(["zed", "a", "b"], users.Ids);
        Assert.Equal(["z", "x", "y"], items.Ids);
        Assert.Equal([2, 0, 1], table.UserIndices);
        Assert.Equal([2, 0, 1], table.ItemIndices);
    }

    [Fact]
    public void Time_order_breaks_same_second_ties_by_item_id()
    {
        var table = InteractionTable.Load([
            new("u", "b", 1, 20, "s"), new("u", "c", 1, 10, "s"), new("u", "a", 1, 20, "s"), new("u", "d", 1, 5, "s"),
        ]);

        Assert.Equal(["d", "c", "a", "b"], table.TimeOrder().Select(r => table.Items[table.ItemIndices[r]]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Session_split_is_the_same_for_shuffled_rows(int seed)
    {
        var records = Sessions(seed);
        var sorted = InteractionTable.Load(records.OrderBy(r => r.Time).ThenBy(r => r.Item, StringComparer.Ordinal));
        var shuffled = InteractionTable.Load(Shuffled(records, seed));

        var expected = SessionSplit.ByTime(sorted, 0.25);
        var actual = SessionSplit.ByTime(shuffled, 0.25);

        Assert.Equal(Named(sorted, expected.TestSessions), Named(shuffled, actual.TestSessions));
        Assert.Equal(expected.Train.UserItems.ColumnIndices, actual.Train.UserItems.ColumnIndices);
        Assert.Equal(expected.Train.UserItems.RowPointers, actual.Train.UserItems.RowPointers);
        // every held-out session runs forward in time
        foreach (var session in expected.TestSessions) Assert.True(session.Length >= 2);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Leave_last_is_the_same_for_shuffled_rows_and_breaks_ties_by_item_id(int seed)
    {
        var records = Sessions(seed);
        var forward = new LeaveLastSplit(2).Split(InteractionTable.Load(records));
        var shuffled = new LeaveLastSplit(2).Split(InteractionTable.Load(Shuffled(records, seed)));

        Assert.Equal(forward.Test.UserItems.ColumnIndices, shuffled.Test.UserItems.ColumnIndices);
        Assert.Equal(forward.Test.UserItems.RowPointers, shuffled.Test.UserItems.RowPointers);

        var tied = InteractionTable.Load([new("u", "b", 1, 7), new("u", "c", 1, 7), new("u", "a", 1, 7), new("u", "old", 1, 1)]);
        var split = new LeaveLastSplit(1).Split(tied);
        Assert.Equal(["c"], split.Test.UserItems.RowIndices(0).ToArray().Select(i => tied.Items[i]));
    }
}
