using OpenMrs.Serving.Grains.Models;

namespace OpenMrs.Serving.Endpoints;

public static class ModelEndpoints
{
    /// <summary><c>GET /v1/models/current</c>: the model version this instance ranks with; 404 before the first model.</summary>
    public static IEndpointRouteBuilder MapModelEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/models/current", (ICurrentModel models) => models.Current is { } model
                ? Results.Ok(new CurrentModelResponse(model.Version, model.Popularity.Count, model.LoadedAt))
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No model loaded yet",
                    detail: "Serving answers with empty lists until the first model is published."))
            .WithName("GetCurrentModel")
            .WithSummary("The model version this instance ranks with")
            .Produces<CurrentModelResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    public sealed record CurrentModelResponse(string Version, int Tracks, DateTimeOffset LoadedAt);
}
