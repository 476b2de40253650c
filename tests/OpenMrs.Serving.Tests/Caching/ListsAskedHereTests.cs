using OpenMrs.Serving.Grains.Caching;

namespace OpenMrs.Serving.Tests.Caching;

public sealed class ListsAskedHereTests
{
    private static RankedListCacheKey Key(long stateVersion, int count, string model = "v1") => new("u", model, stateVersion, count);

    [Fact]
    public void Only_the_first_ask_of_a_key_at_a_version_reached_here_is_new_here()
    {
        var asked = new ListsAskedHere(activatedAtStateVersion: 4);

        // The activation's own version, or an older one, may have been ranked by an earlier activation on another silo.
        Assert.False(asked.FirstAskHere(Key(4, 10)));
        Assert.False(asked.FirstAskHere(Key(3, 10)));

        Assert.True(asked.FirstAskHere(Key(5, 10)));
        Assert.False(asked.FirstAskHere(Key(5, 10)));
        Assert.True(asked.FirstAskHere(Key(5, 11)));
        Assert.True(asked.FirstAskHere(Key(5, 10, model: "v2")));
        Assert.True(asked.FirstAskHere(Key(5, 10) with { Diversity = 0.3 }));

        // A new state version starts afresh.
        Assert.True(asked.FirstAskHere(Key(6, 10)));
        Assert.False(asked.FirstAskHere(Key(6, 10)));
    }

    [Fact]
    public void Past_the_bound_no_key_is_new_here_until_the_next_version()
    {
        var asked = new ListsAskedHere(activatedAtStateVersion: 0);
        for (var count = 1; count <= ListsAskedHere.MaxKeysPerStateVersion; count++) Assert.True(asked.FirstAskHere(Key(1, count)));

        // A key past the bound is not remembered, so neither it nor any other key can be told apart from a forgotten one.
        var past = Key(1, ListsAskedHere.MaxKeysPerStateVersion + 1);
        Assert.False(asked.FirstAskHere(past));
        Assert.False(asked.FirstAskHere(past));
        Assert.False(asked.FirstAskHere(Key(1, 1)));

        Assert.True(asked.FirstAskHere(Key(2, 1)));
    }
}
