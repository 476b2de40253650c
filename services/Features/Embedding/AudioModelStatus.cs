using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenMrs.Features.Configuration;

namespace OpenMrs.Features.Embedding;

/// <summary>
/// Which CNN weights the service embeds with: <c>GET /v1/features/status</c> and the <c>features-audio-model</c>
/// health check. The check is healthy either way and says which weights run: random initial weights are the normal
/// state of a fresh deployment until <c>train-cnn</c> publishes <c>audio-cnn</c> (as popularity is before the first
/// personal model), so readiness keeps Degraded for a dependency that fails, such as Redis or the broker.
/// </summary>
public sealed class AudioModelStatus(FeatureExtractorProvider extractors, KnownTracks known, CatalogueReembedder reembedder, IOptions<FeaturesOptions> options)
    : IHealthCheck
{
    public const string HealthCheckName = "features-audio-model";

    public object Snapshot()
    {
        var current = extractors.Current;
        return new
        {
            weightsVersion = current.WeightsVersion,
            trained = current.Trained,
            modelKind = options.Value.ModelKind,
            storeVersion = current.StoreVersion,
            architecture = current.Embedder.Spec.Architecture,
            embeddingDimension = current.Embedder.EmbeddingDimension,
            loadedAt = current.LoadedAt,
            knownTracks = known.Count,
            reembedding = !reembedder.Running.IsCompleted,
            reembedded = reembedder.Reembedded,
        };
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var current = extractors.Current;
        var data = new Dictionary<string, object>
        {
            ["weightsVersion"] = current.WeightsVersion,
            ["trained"] = current.Trained,
            ["storeVersion"] = current.StoreVersion ?? "",
        };
        var weights = current.Trained ? "trained" : "untrained (random initial)";
        return Task.FromResult(HealthCheckResult.Healthy($"embedding with {weights} weights {current.WeightsVersion}", data));
    }

    /// <summary>Maps <c>GET /v1/features/status</c>.</summary>
    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapGet("/v1/features/status", (AudioModelStatus status) => status.Snapshot());
}
