using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Data.Readers;

namespace OpenMrs.Recommender.Tests.Data.Readers;

public class InteractionTableTests
{
    [Fact]
    public void Matrix_sums_repeated_cells_and_shares_id_maps()
    {
        var table = InteractionTable.Load([
            new("alice", "x", 2), new("bob", "y", 1), new("alice", "x", 3), new("alice", "y", 1),
        ]);
        var matrix = table.ToMatrix();

        Assert.Equal(2, matrix.UserCount);
        Assert.Equal(2, matrix.ItemCount);
        Assert.Equal(5f, matrix.UserItems.Get(table.Users.GetOrAdd("alice"), table.Items.GetOrAdd("x")));
        Assert.Equal(1f, matrix.UserItems.Get(table.Users.GetOrAdd("bob"), table.Items.GetOrAdd("y")));
        Assert.Equal(0f, matrix.UserItems.Get(table.Users.GetOrAdd("bob"), table.Items.GetOrAdd("x")));
        Assert.False(table.HasTimes);
    }

    [Fact]
    public void A_second_table_on_the_same_maps_gives_matrices_of_one_shape()
    {
        var users = new IdMap();
        var items = new IdMap();
        var train = InteractionTable.Load([new("a", "x", 1)], users, items);
        var test = InteractionTable.Load([new("b", "y", 1)], users, items);

        var trainMatrix = train.ToMatrix();
        var testMatrix = test.ToMatrix();

        Assert.Equal((2, 2), (trainMatrix.UserCount, trainMatrix.ItemCount));
        Assert.Equal((2, 2), (testMatrix.UserCount, testMatrix.ItemCount));
        Assert.Equal(1f, testMatrix.UserItems.Get(1, 1));
    }
}
