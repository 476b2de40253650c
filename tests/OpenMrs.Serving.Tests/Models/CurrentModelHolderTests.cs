using OpenMrs.ModelStore.Formats;
using OpenMrs.Serving.Grains.Models;
using OpenMrs.Serving.Tests.Fixtures;

namespace OpenMrs.Serving.Tests.Models;

public class CurrentModelHolderTests
{
    /// <summary>Version N holds exactly one track, "track-N": a reader can check that the model matches its version.</summary>
    private static ServingModel ModelOf(int n) =>
        new($"v{n:000000}", new PopularityModel([new PopularTrack($"track-{n}", n, "")]), DateTimeOffset.UnixEpoch);

    private static bool Swap(CurrentModelHolder holder, int n) =>
        holder.TryUpdate(PopularityModel.Kind, $"v{n:000000}", current =>
            current is null ? ModelOf(n) : current with { PopularityVersion = $"v{n:000000}", Popularity = ModelOf(n).Popularity });

    [Fact]
    public void Each_part_keeps_its_own_version_and_the_whole_names_them_all()
    {
        var holder = new CurrentModelHolder();
        Assert.True(Swap(holder, 5));
        var personal = new ModelPart("a-000002", PersonalModels.Trained());
        Assert.True(holder.TryUpdate(personal.Kind, personal.Version, m => m! with { Personal = personal }));
        Assert.False(holder.TryUpdate(personal.Kind, "a-000001", m => m! with { Personal = personal with { Version = "a-000001" } }));
        Assert.True(Swap(holder, 6));

        Assert.Equal("v000006", holder.Current!.VersionOf(PopularityModel.Kind));
        Assert.Equal("a-000002", holder.Current.VersionOf(personal.Kind));
        Assert.Equal($"v000006+{personal.Kind}-a-000002", holder.Current.Version);
    }

    [Fact]
    public void A_copy_names_its_own_parts_after_its_original_was_read()
    {
        var original = ModelOf(1);
        Assert.Equal("v000001", original.Version); // read first: a memoised version must not leak into copies
        var personal = new ModelPart("a-000003", PersonalModels.Trained());

        var copy = original with { Personal = personal };
        var newer = copy with { PopularityVersion = "v000002" };

        Assert.Equal("v000001", original.Version);
        Assert.Equal($"v000001+{personal.Kind}-a-000003", copy.Version);
        Assert.Equal($"v000002+{personal.Kind}-a-000003", newer.Version);
        // Read in turns, the original and its copies still name their own parts; a version read twice is one string.
        Assert.Equal("v000001", original.Version);
        Assert.Same(copy.Version, copy.Version);
        // The kept version is no part of a model's identity: models of the same parts are equal whichever was read.
        Assert.Equal(copy, original with { Personal = personal });
    }

    [Fact]
    public void A_parts_relative_popularity_is_each_items_score_over_the_top_one_and_follows_the_popularity_model()
    {
        var part = new ModelPart("a-000001", PersonalModels.Trained());
        var items = part.Model.Items;
        var popularity = PersonalModels.Popularity();
        // The last item unknown to the popularity model: it has none.
        var fewer = new PopularityModel(popularity.Tracks.ToArray().Where(t => t.TrackId != items[items.Count - 1]));

        var scores = part.RelativePopularity(popularity);
        var reference = Enumerable.Range(0, items.Count)
            .Select(i => popularity.RankOf(items[i]) is var r and >= 0 ? popularity.Tracks[r].Score / popularity.TopScore : 0).ToArray();
        Assert.Equal(reference, scores);
        Assert.Same(scores, part.RelativePopularity(popularity));
        var other = part.RelativePopularity(fewer);
        Assert.Equal(0, other[items.Count - 1]);
        Assert.True(scores[items.Count - 1] > 0);
    }

    [Fact]
    public async Task Readers_under_concurrent_swaps_always_see_a_whole_model_and_versions_never_go_back()
    {
        var holder = new CurrentModelHolder();
        Swap(holder, 0);
        const int versions = 2_000;
        using var stop = new CancellationTokenSource();
        var mismatches = 0;
        var regressions = 0;
        var reads = 0L;
        const int readerCount = 3;
        using var readersStarted = new CountdownEvent(readerCount);

        var readers = Enumerable.Range(0, readerCount).Select(_ => Task.Run(() =>
        {
            var last = "";
            var signalled = false;
            while (!stop.IsCancellationRequested)
            {
                var model = holder.Current!;
                var n = int.Parse(model.Version[1..]);
                if (model.Popularity.Tracks[0].TrackId != $"track-{n}") Interlocked.Increment(ref mismatches);
                if (string.CompareOrdinal(model.Version, last) < 0) Interlocked.Increment(ref regressions);
                last = model.Version;
                Interlocked.Increment(ref reads);
                if (!signalled) { readersStarted.Signal(); signalled = true; }
            }
        })).ToArray();
        readersStarted.Wait(TimeSpan.FromSeconds(30));
        // Two writers race, each publishing every other version in increasing order.
        var writers = Enumerable.Range(0, 2).Select(w => Task.Run(() =>
        {
            for (var n = 1 + w; n <= versions; n += 2) Swap(holder, n);
        })).ToArray();

        await Task.WhenAll(writers);
        await stop.CancelAsync();
        await Task.WhenAll(readers);

        Assert.Equal(0, mismatches);
        Assert.Equal(0, regressions);
        Assert.True(reads >= readerCount);
        Assert.Equal($"v{versions:000000}", holder.Current!.Version);
    }

    [Fact]
    public void An_older_or_equal_version_is_not_swapped_in()
    {
        var holder = new CurrentModelHolder();
        Assert.True(Swap(holder, 5));
        Assert.False(Swap(holder, 3));
        Assert.False(Swap(holder, 5));
        Assert.Equal("v000005", holder.Current!.Version);
    }
}
