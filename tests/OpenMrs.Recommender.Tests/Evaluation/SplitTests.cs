using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Data.Readers;
using OpenMrs.Recommender.Evaluation.Splits;

namespace OpenMrs.Recommender.Tests.Evaluation;

public class SplitTests
{
    private static readonly InteractionMatrix Data = SyntheticInteractions.Random(users: 300, items: 80, maxPerUser: 25, seed: 3);

    private static void AssertPartition(InteractionMatrix original, TrainTestSplit split)
    {
        var train = SyntheticInteractions.Cells(split.Train.UserItems).ToList();
        var test = SyntheticInteractions.Cells(split.Test.UserItems).ToList();
        Assert.Empty(train.Select(c => (c.User, c.Item)).Intersect(test.Select(c => (c.User, c.Item))));
        Assert.Equal(
            SyntheticInteractions.Cells(original.UserItems).OrderBy(c => c),
            train.Concat(test).OrderBy(c => c));
    }

    [Fact]
    public void Holdout_is_a_disjoint_partition_with_round_fraction_per_user()
    {
        var split = new HoldoutSplit(TestFraction: 0.2, MinItems: 2, Seed: 9).Split(Data);

        AssertPartition(Data, split);
        for (var u = 0; u < Data.UserCount; u++)
        {
            var n = Data.UserItems.RowLength(u);
            var expected = n < 2 ? 0 : (int)Math.Round(0.2 * n, MidpointRounding.ToEven);
            Assert.Equal(expected, split.Test.UserItems.RowLength(u));
        }
        Assert.Equal(Enumerable.Range(0, Data.UserCount).Where(u => split.Test.UserItems.RowLength(u) > 0), split.TestUsers);
    }

    [Fact]
    public void Holdout_is_reproducible_from_its_seed()
    {
        var a = new HoldoutSplit(Seed: 5).Split(Data);
        var b = new HoldoutSplit(Seed: 5).Split(Data);
        var c = new HoldoutSplit(Seed: 6).Split(Data);
        Assert.Equal(a.Test.UserItems.ColumnIndices, b.Test.UserItems.ColumnIndices);
        Assert.NotEqual(a.Test.UserItems.ColumnIndices, c.Test.UserItems.ColumnIndices);
    }

    [Fact]
    public void Holdout_rejects_a_fraction_outside_zero_to_one() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new HoldoutSplit(TestFraction: 1.5).Split(Data));

    [Fact]
    public void Msd_split_hides_half_of_each_test_users_items_and_nothing_of_the_others()
    {
        var split = new MsdChallengeSplit(TestUserFraction: 0.25, Seed: 4).Split(Data);

        AssertPartition(Data, split);
        var eligible = Enumerable.Range(0, Data.UserCount).Count(u => Data.UserItems.RowLength(u) >= 2);
        Assert.Equal((int)Math.Round(0.25 * eligible), split.TestUsers.Length);
        var testUsers = split.TestUsers.ToHashSet();
        for (var u = 0; u < Data.UserCount; u++)
        {
            var n = Data.UserItems.RowLength(u);
            Assert.Equal(testUsers.Contains(u) ? n / 2 : 0, split.Test.UserItems.RowLength(u));
        }
        Assert.Equal(split.TestUsers, new MsdChallengeSplit(0.25, Seed: 4).Split(Data).TestUsers);
    }

    [Fact]
    public void Leave_last_puts_each_users_most_recent_items_in_test()
    {
        var table = InteractionTable.Load([
            new("u", "old", 1, 100), new("u", "new", 1, 500), new("u", "mid", 1, 300),
            new("u", "old", 1, 400), // replayed later: its last play (400) beats "mid"
            new("v", "only", 1, 50),
            new("w", "a", 1, 10), new("w", "b", 1, 20), new("w", "c", 1, 30),
        ]);
        var split = new LeaveLastSplit(Count: 2).Split(table);

        string[] TestItems(string user) =>
            [.. split.Test.UserItems.RowIndices(table.Users.GetOrAdd(user)).ToArray().Select(i => table.Items[i]).Order()];
        Assert.Equal(["new", "old"], TestItems("u"));
        Assert.Empty(TestItems("v"));
        Assert.Equal(["b", "c"], TestItems("w"));
        Assert.Equal(2f, split.Test.UserItems.Get(table.Users.GetOrAdd("u"), table.Items.GetOrAdd("old")));
        Assert.Equal(1, split.Train.UserItems.RowLength(table.Users.GetOrAdd("u")));
        Assert.Equal(1, split.Train.UserItems.RowLength(table.Users.GetOrAdd("v")));
    }

    [Fact]
    public void Leave_last_needs_times() =>
        Assert.Throws<InvalidOperationException>(() => new LeaveLastSplit().Split(InteractionTable.Load([new("u", "i", 1)])));
}

public class ColdItemFilterTests
{
    [Fact]
    public void Refuses_when_every_test_item_is_cold()
    {
        var users = new IdMap(["a", "b"]);
        var items = new IdMap(["x", "y", "cold"]);
        var train = CsrMatrix.FromTriplets(2, 3, [(0, 0, 1f), (1, 0, 1f)]);
        var test = CsrMatrix.FromTriplets(2, 3, [(0, 1, 1f), (0, 2, 1f), (1, 2, 4f)]);
        var split = new TrainTestSplit(new InteractionMatrix(users, items, train), new InteractionMatrix(users, items, test));
        // only x has training plays, so every test cell (y and cold) is cold and nothing would be left to evaluate
        var refused = Assert.Throws<DegenerateDataException>(() => split.WithoutColdTestItems());

        Assert.Contains("every held-out item (3 interaction(s))", refused.Message);
    }

    [Fact]
    public void Drops_test_users_left_empty()
    {
        var users = new IdMap(["a", "b"]);
        var items = new IdMap(["x", "y", "cold"]);
        var train = CsrMatrix.FromTriplets(2, 3, [(0, 0, 1f), (1, 1, 1f)]);
        var test = CsrMatrix.FromTriplets(2, 3, [(0, 1, 1f), (1, 2, 4f)]);
        var split = new TrainTestSplit(new InteractionMatrix(users, items, train), new InteractionMatrix(users, items, test));

        var (filtered, dropped) = split.WithoutColdTestItems();

        Assert.Equal(1, dropped);
        Assert.Equal([0], filtered.TestUsers);
    }

    [Fact]
    public void Keeps_items_seen_in_train()
    {
        var users = new IdMap(["a", "b"]);
        var items = new IdMap(["x", "y", "cold"]);
        var train = CsrMatrix.FromTriplets(2, 3, [(0, 0, 1f), (1, 1, 1f)]);
        var test = CsrMatrix.FromTriplets(2, 3, [(0, 1, 1f), (0, 2, 1f), (1, 2, 4f)]);
        var split = new TrainTestSplit(new InteractionMatrix(users, items, train), new InteractionMatrix(users, items, test));

        var (filtered, dropped) = split.WithoutColdTestItems();

        Assert.Equal(2, dropped);
        Assert.Equal([0], filtered.TestUsers);
        Assert.Equal(1f, filtered.Test.UserItems.Get(0, 1));
        Assert.Equal(1, filtered.Test.UserItems.NonZeros);
    }
}
