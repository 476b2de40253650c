using Microsoft.Extensions.Options;
using OpenMrs.Serving.GrainInterfaces.Users;
using OpenMrs.Serving.Grains.Hosting;

namespace OpenMrs.Serving.Endpoints;

public static class RecommendationEndpoints
{
    /// <summary>Excluded ids one request may name.</summary>
    public const int MaxExclude = 1_000;

    /// <summary>
    /// <c>GET /v1/users/{userId}/recommendations?count=N&amp;diversity=λ&amp;exclude=a,b</c>: the user's ranked list; an
    /// unknown user gets the popular list. Each item has a reason; the list names the model version and the A/B variant.
    /// </summary>
    public static IEndpointRouteBuilder MapRecommendationEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/users/{userId}/recommendations", GetRecommendationsAsync)
            .WithName("GetRecommendations")
            .WithSummary("A user's ranked list of tracks")
            .WithDescription("count: 1..MaxCount items; diversity: MMR λ in [0, 1] (0 = by relevance alone); exclude: track ids never to return, comma-separated or repeated.")
            .Produces<RecommendationList>()
            .ProducesValidationProblem();
        return routes;
    }

    private static async Task<IResult> GetRecommendationsAsync(
        string userId, int? count, double? diversity, string[]? exclude, IGrainFactory grains, IOptions<ServingOptions> options)
    {
        var limits = options.Value;
        var wanted = count ?? limits.DefaultCount;
        if (UserIdRules.Validate(userId) is { } userError) return userError;
        var errors = new Dictionary<string, string[]>();
        if (wanted < 1 || wanted > limits.MaxCount) errors["count"] = [$"count must be between 1 and {limits.MaxCount}"];
        if (diversity is { } d && !(d >= 0 && d <= 1)) errors["diversity"] = ["diversity must be a number between 0 and 1"];
        var excluded = (exclude ?? []).SelectMany(e => e.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal).ToList();
        if (excluded.Count > MaxExclude) errors["exclude"] = [$"at most {MaxExclude} track ids can be excluded"];
        if (errors.Count > 0) return Results.ValidationProblem(errors);

        var list = await grains.GetGrain<IUserGrain>(userId).GetRecommendationsAsync(new RecommendationRequest(wanted, diversity, excluded));
        return Results.Ok(list);
    }
}
