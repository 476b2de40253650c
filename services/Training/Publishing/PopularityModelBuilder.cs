using OpenMrs.ModelStore.Formats;
using OpenMrs.Training.Catalog;

namespace OpenMrs.Training.Publishing;

/// <summary>Turns counted scores into a <see cref="PopularityModel"/>: positive scores only, the best <c>size</c>, with artists from the catalog.</summary>
public static class PopularityModelBuilder
{
    public static PopularityModel Build(IReadOnlyDictionary<string, double> scores, TrackCatalog catalog, int size) =>
        new(scores
            .Where(kv => kv.Value > 0)
            .OrderByDescending(kv => kv.Value)
            .ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Take(size)
            .Select(kv => new PopularTrack(kv.Key, kv.Value, catalog.Find(kv.Key)?.Artist ?? "")));
}
