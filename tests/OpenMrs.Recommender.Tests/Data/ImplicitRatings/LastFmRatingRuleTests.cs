using OpenMrs.Recommender.Data.ImplicitRatings;
using OpenMrs.Recommender.Data.Readers;

namespace OpenMrs.Recommender.Tests.Data.ImplicitRatings;

public class LastFmRatingRuleTests
{
    private const long Hour = 3600, Day = 24 * Hour;

    [Fact]
    public void One_play_rates_3() => Assert.Equal(3f, LastFmRatingRule.Rate([1000]));

    [Fact]
    public void Eleven_widely_spaced_plays_rate_5() =>
        Assert.Equal(5f, LastFmRatingRule.Rate(Enumerable.Range(0, 11).Select(i => i * 100 * Day).ToArray()));

    [Fact]
    public void Ten_widely_spaced_plays_rate_4() =>
        Assert.Equal(4f, LastFmRatingRule.Rate(Enumerable.Range(0, 10).Select(i => i * 100 * Day).ToArray()));

    [Fact]
    public void Two_plays_under_a_day_apart_rate_5_even_when_given_out_of_order() =>
        Assert.Equal(5f, LastFmRatingRule.Rate([50 * Day + 23 * Hour, 0, 50 * Day]));

    [Fact]
    public void Two_plays_exactly_a_day_apart_rate_4() => Assert.Equal(4f, LastFmRatingRule.Rate([0, Day]));

    [Fact]
    public void Four_plays_within_30_days_rate_5() => Assert.Equal(5f, LastFmRatingRule.Rate([0, 9 * Day, 18 * Day, 27 * Day]));

    [Fact]
    public void Four_plays_spanning_30_days_or_more_rate_4() => Assert.Equal(4f, LastFmRatingRule.Rate([0, 10 * Day, 20 * Day, 30 * Day]));

    [Fact]
    public void Three_plays_close_together_but_a_day_apart_rate_4() => Assert.Equal(4f, LastFmRatingRule.Rate([0, 2 * Day, 4 * Day]));

    [Fact]
    public void Apply_rates_each_user_track_pair()
    {
        var table = InteractionTable.Load([
            new("u", "once", 1, 0),
            new("u", "twice-close", 1, 0), new("u", "twice-close", 1, Hour),
            new("u", "twice-far", 1, 0), new("u", "twice-far", 1, 90 * Day),
            new("v", "once", 1, 5 * Day), new("v", "once", 1, 6 * Day + Hour),
        ]);
        var ratings = LastFmRatingRule.Apply(table);

        float Rating(string user, string item) =>
            ratings.UserItems.Get(ratings.Users.GetOrAdd(user), ratings.Items.GetOrAdd(item));
        Assert.Equal(3f, Rating("u", "once"));
        Assert.Equal(5f, Rating("u", "twice-close"));
        Assert.Equal(4f, Rating("u", "twice-far"));
        Assert.Equal(4f, Rating("v", "once"));
    }

    [Fact]
    public void Apply_refuses_plays_without_times() =>
        Assert.Throws<InvalidOperationException>(() => LastFmRatingRule.Apply(InteractionTable.Load([new("u", "i", 1)])));
}
