using Microsoft.Extensions.Options;
using OpenMrs.Serving.GrainInterfaces.Users;
using OpenMrs.Serving.Grains.Hosting;

namespace OpenMrs.Serving.Endpoints;

public static class RecommendationEndpoints
{
    /// <summary><c>GET /v1/users/{userId}/recommendations?count=N</c>: the user's ranked list; an unknown user gets the popular list.</summary>
    public static IEndpointRouteBuilder MapRecommendationEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/users/{userId}/recommendations", GetRecommendationsAsync)
            .WithName("GetRecommendations")
            .WithSummary("A user's ranked list of tracks")
            .Produces<RecommendationList>()
            .ProducesValidationProblem();
        return routes;
    }

    private static async Task<IResult> GetRecommendationsAsync(
        string userId, int? count, IGrainFactory grains, IOptions<ServingOptions> options)
    {
        var limits = options.Value;
        var wanted = count ?? limits.DefaultCount;
        if (UserIdRules.Validate(userId) is { } userError) return userError;
        if (wanted < 1 || wanted > limits.MaxCount)
            return Results.ValidationProblem(new Dictionary<string, string[]>
            {
                ["count"] = [$"count must be between 1 and {limits.MaxCount}"],
            });

        var list = await grains.GetGrain<IUserGrain>(userId).GetRecommendationsAsync(wanted);
        return Results.Ok(list);
    }
}
