using OpenMrs.ModelStore.Formats;

namespace OpenMrs.Serving.Grains.Models;

/// <summary>Everything ranking needs from one published model version. Immutable, swapped in whole.</summary>
public sealed record ServingModel(string Version, PopularityModel Popularity, DateTimeOffset LoadedAt);
