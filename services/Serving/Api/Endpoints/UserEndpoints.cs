using OpenMrs.Serving.GrainInterfaces.Users;

namespace OpenMrs.Serving.Endpoints;

public static class UserEndpoints
{
    /// <summary><c>GET /v1/users/{userId}</c>: the user's live state (history, counts, feedback, session, state version).</summary>
    public static IEndpointRouteBuilder MapUserEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/users/{userId}", async (string userId, IGrainFactory grains) =>
                UserIdRules.Validate(userId) ?? Results.Ok(await grains.UserGrain(userId).GetSnapshotAsync()))
            .WithName("GetUserState")
            .WithSummary("A user's live state, for debugging and operations")
            .Produces<UserSnapshot>()
            .ProducesValidationProblem();
        return routes;
    }
}
