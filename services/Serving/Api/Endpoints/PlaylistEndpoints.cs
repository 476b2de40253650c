using Microsoft.Extensions.Options;
using OpenMrs.Serving.Grains.Continuation;
using OpenMrs.Serving.Grains.Hosting;
using OpenMrs.Serving.Grains.Ranking;

namespace OpenMrs.Serving.Endpoints;

/// <summary>The body of <c>POST /v1/playlists/continue</c>.</summary>
/// <param name="SeedTrackIds">The playlist so far, in play order (at least one track).</param>
/// <param name="Length">Tracks to add, 1..<c>Serving:Continuation:MaxLength</c> (100); default <c>Serving:DefaultCount</c>.</param>
public sealed record PlaylistContinuationRequest(string[]? SeedTrackIds, int? Length = null);

public static class PlaylistEndpoints
{
    /// <summary>Most seed tracks a request may name.</summary>
    public const int MaxSeeds = 100;

    /// <summary><c>POST /v1/playlists/continue</c>: an ordered continuation of a playlist, chosen for smooth key and tempo transitions.</summary>
    public static IEndpointRouteBuilder MapPlaylistEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/playlists/continue", async (PlaylistContinuationRequest? request, PlaylistContinuation continuation, RankingGate gate, IOptions<ServingOptions> options, CancellationToken aborted) =>
            {
                var limits = options.Value;
                var seeds = request?.SeedTrackIds ?? [];
                var length = request?.Length ?? limits.DefaultCount;
                var errors = new Dictionary<string, string[]>();
                if (seeds.Length is 0 or > MaxSeeds) errors["seedTrackIds"] = [$"seedTrackIds must name 1-{MaxSeeds} tracks"];
                else if (!seeds.All(UserIdRules.IsValid))
                    errors["seedTrackIds"] = [$"a track id is 1-{UserIdRules.MaxLength} printable characters"];
                if (length < 1 || length > limits.Continuation.MaxLength) errors["length"] = [$"length must be between 1 and {limits.Continuation.MaxLength}"];
                if (errors.Count > 0) return Results.ValidationProblem(errors);
                if (continuation.UnknownSeeds(seeds) is { Count: > 0 } unknown)
                    return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown seed tracks",
                        detail: $"No model or audio descriptor knows {string.Join(", ", unknown.Take(5).Select(s => $"'{s}'"))}{(unknown.Count > 5 ? $" and {unknown.Count - 5} more" : "")}.");
                return Results.Ok(await gate.RunAsync(() => continuation.Continue(seeds, length), aborted));
            })
            .WithMetadata(new QueryBodyLimit(RecommendationEndpoints.MaxQueryBodyBytes))
            .WithName("ContinuePlaylist")
            .WithSummary("Continues a playlist: collaborative candidates ordered greedily for smooth key, tempo and sound (DISCO)")
            .Produces<PlaylistContinuationList>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return routes;
    }
}
