using OpenMrs.Recommender.Data.ImplicitRatings;
using OpenMrs.Recommender.Data.Readers;

namespace OpenMrs.Recommender.Tests.Data.ImplicitRatings;

public class TasteProfileRatingRuleTests
{
    [Theory]
    [InlineData(1, 3)]
    [InlineData(2, 4)]
    [InlineData(4, 4)]
    [InlineData(5, 5)]
    [InlineData(300, 5)]
    public void Count_maps_to_rating(float count, float rating) => Assert.Equal(rating, TasteProfileRatingRule.Rate(count));

    [Fact]
    public void A_repeated_line_adds_one_capped_at_5()
    {
        var table = InteractionTable.Load([
            new("u", "a", 1), new("u", "a", 1),
            new("u", "b", 3), new("u", "b", 1), new("u", "b", 1),
            new("u", "c", 2),
        ]);
        var ratings = TasteProfileRatingRule.Apply(table);
        Assert.Equal(4f, ratings.UserItems.Get(0, ratings.Items.GetOrAdd("a")));
        Assert.Equal(5f, ratings.UserItems.Get(0, ratings.Items.GetOrAdd("b")));
        Assert.Equal(4f, ratings.UserItems.Get(0, ratings.Items.GetOrAdd("c")));
    }

    [Fact]
    public void Top_n_keeps_the_users_with_most_lines()
    {
        var table = InteractionTable.Load([
            new("light", "a", 9),
            new("heavy", "a", 1), new("heavy", "b", 1), new("heavy", "c", 1),
            new("middle", "a", 1), new("middle", "b", 1),
        ]);
        var ratings = TasteProfileRatingRule.Apply(table, topUsers: 2);

        Assert.Equal(["heavy", "middle"], ratings.Users.Ids);
        Assert.Equal(2, ratings.UserCount);
        Assert.Equal(5, ratings.UserItems.NonZeros);
    }
}
