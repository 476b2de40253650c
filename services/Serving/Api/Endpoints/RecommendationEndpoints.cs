using Microsoft.Extensions.Options;
using OpenMrs.Serving.GrainInterfaces.Users;
using OpenMrs.Serving.Grains.Hosting;

namespace OpenMrs.Serving.Endpoints;

/// <summary>The body of <c>POST /v1/users/{userId}/recommendations</c>: the GET's query parameters, for exclude lists
/// too long for a URL (Kestrel refuses request lines over 8 KiB with a bare 414).</summary>
/// <param name="Count">Items, 1..<c>Serving:MaxCount</c>; default <c>Serving:DefaultCount</c>.</param>
/// <param name="Diversity">MMR λ in [0, 1]; default <c>Serving:DefaultDiversity</c>.</param>
/// <param name="Exclude">Track ids never to return, one per element (no comma splitting), at most 1,000.</param>
public sealed record RecommendationQuery(int? Count = null, double? Diversity = null, string[]? Exclude = null);

public static class RecommendationEndpoints
{
    /// <summary>Excluded ids one request may name.</summary>
    public const int MaxExclude = 1_000;

    /// <summary>
    /// The largest body a read-only query may send (1 MiB: 1,000 excluded ids of 128 characters take about 130 KB); a
    /// longer one is refused with 413 before it is read (<see cref="QueryBodyLimit"/>), instead of being parsed whole
    /// (up to the server's 30 MB) to be refused afterwards.
    /// </summary>
    public const long MaxQueryBodyBytes = 1024 * 1024;

    /// <summary>
    /// <c>GET /v1/users/{userId}/recommendations?count=N&amp;diversity=λ&amp;exclude=a,b</c>: the user's ranked list; an
    /// unknown user gets the popular list. Each item has a reason; the list names the model version and the A/B variant.
    /// The POST takes the same parameters in a body.
    /// </summary>
    public static IEndpointRouteBuilder MapRecommendationEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/users/{userId}/recommendations", GetRecommendationsAsync)
            .WithName("GetRecommendations")
            .WithSummary("A user's ranked list of tracks")
            .WithDescription("count: 1..MaxCount items; diversity: MMR λ in [0, 1] (0 = by relevance alone); exclude: track ids never to return, comma-separated or repeated.")
            .Produces<RecommendationList>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        routes.MapPost("/v1/users/{userId}/recommendations", (string userId, RecommendationQuery? query, IGrainFactory grains, IOptions<ServingOptions> options) =>
                RecommendAsync(userId, query?.Count, query?.Diversity, query?.Exclude ?? [], grains, options))
            .WithMetadata(new QueryBodyLimit(MaxQueryBodyBytes))
            .WithName("PostRecommendationQuery")
            .WithSummary("A user's ranked list of tracks, the parameters in the body")
            .WithDescription("The same list as the GET; for exclude lists too long for a URL. Reads only: safe to retry.")
            .Produces<RecommendationList>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return routes;
    }

    private static Task<IResult> GetRecommendationsAsync(
        string userId, int? count, double? diversity, string[]? exclude, IGrainFactory grains, IOptions<ServingOptions> options) =>
        RecommendAsync(userId, count, diversity,
            (exclude ?? []).SelectMany(e => e.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)), grains, options);

    private static async Task<IResult> RecommendAsync(
        string userId, int? count, double? diversity, IEnumerable<string> exclude, IGrainFactory grains, IOptions<ServingOptions> options)
    {
        var limits = options.Value;
        var wanted = count ?? limits.DefaultCount;
        if (UserIdRules.Validate(userId) is { } userError) return userError;
        var errors = new Dictionary<string, string[]>();
        if (wanted < 1 || wanted > limits.MaxCount) errors["count"] = [$"count must be between 1 and {limits.MaxCount}"];
        if (diversity is { } d && !(d >= 0 && d <= 1)) errors["diversity"] = ["diversity must be a number between 0 and 1"];
        var excluded = exclude.Distinct(StringComparer.Ordinal).ToList();
        if (excluded.Count > MaxExclude) errors["exclude"] = [$"at most {MaxExclude} track ids can be excluded"];
        else if (!excluded.All(UserIdRules.IsValid))
            errors["exclude"] = [$"a track id is 1-{UserIdRules.MaxLength} printable characters"];
        if (errors.Count > 0) return Results.ValidationProblem(errors);

        var list = await grains.UserGrain(userId).GetRecommendationsAsync(new RecommendationRequest(wanted, diversity, excluded));
        return Results.Ok(list);
    }
}
