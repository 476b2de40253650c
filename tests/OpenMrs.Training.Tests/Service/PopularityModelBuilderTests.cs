using OpenMrs.Contracts.Events;
using OpenMrs.Training.Catalog;
using OpenMrs.Training.Publishing;

namespace OpenMrs.Training.Tests.Service;

public class PopularityModelBuilderTests
{
    [Fact]
    public void Keeps_the_best_positive_scores_in_order_with_artists_from_the_catalog()
    {
        var catalog = new TrackCatalog();
        catalog.Upsert(new TrackUpsert("b", "Song B", "Artist B"));
        var scores = new Dictionary<string, double> { ["a"] = 5, ["b"] = 9, ["c"] = 1, ["d"] = 0, ["e"] = -0.5, ["f"] = 3 };

        var model = PopularityModelBuilder.Build(scores, catalog, size: 3);

        Assert.Equal(["b", "a", "f"], model.Tracks.ToArray().Select(t => t.TrackId));
        Assert.Equal("Artist B", model.Tracks[0].Artist);
        Assert.Equal("", model.Tracks[1].Artist);
    }
}
