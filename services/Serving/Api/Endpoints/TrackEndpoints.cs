using Microsoft.Extensions.Options;
using OpenMrs.Serving.Grains.Hosting;
using OpenMrs.Serving.Grains.Ranking;
using OpenMrs.Serving.Grains.Recommendations;

namespace OpenMrs.Serving.Endpoints;

public static class TrackEndpoints
{
    /// <summary><c>GET /v1/tracks/{trackId}/similar?count=N&amp;by=cf|audio|blend</c>: tracks like this one.</summary>
    // Exact names only: Enum.TryParse also takes numbers and comma-joined flag combinations ("cf,audio").
    private static readonly Dictionary<string, SimilarityBasis> BasisByName =
        Enum.GetValues<SimilarityBasis>().ToDictionary(b => b.ToString().ToLowerInvariant(), StringComparer.OrdinalIgnoreCase);

    public static IEndpointRouteBuilder MapTrackEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/tracks/{trackId}/similar", async (string trackId, int? count, string? by, SimilarTracks similar, RankingGate gate, IOptions<ServingOptions> options, CancellationToken aborted) =>
            {
                var limits = options.Value;
                var wanted = count ?? limits.DefaultCount;
                var errors = new Dictionary<string, string[]>();
                if (UserIdRules.Validate(trackId, "trackId") is { } idError) return idError;
                if (wanted < 1 || wanted > limits.MaxCount) errors["count"] = [$"count must be between 1 and {limits.MaxCount}"];
                if (!BasisByName.TryGetValue(by ?? "blend", out var basis)) errors["by"] = ["by must be cf, audio or blend"];
                if (errors.Count > 0) return Results.ValidationProblem(errors);
                return await gate.RunAsync(() => similar.Find(trackId, wanted, basis), aborted) is { } list
                    ? Results.Ok(list)
                    : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown track",
                        detail: $"No {(basis == SimilarityBasis.Blend ? "model or audio embedding" : basis == SimilarityBasis.Cf ? "collaborative model" : "audio embedding")} knows track '{trackId}' yet.");
            })
            .WithName("GetSimilarTracks")
            .WithSummary("Tracks similar to a track: by listeners (cf), by sound (audio) or both (blend)")
            .Produces<SimilarTracksList>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return routes;
    }
}
