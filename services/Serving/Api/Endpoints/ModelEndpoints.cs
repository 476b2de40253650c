using OpenMrs.Serving.Grains.Continuation;
using OpenMrs.Serving.Grains.Models;

namespace OpenMrs.Serving.Endpoints;

public static class ModelEndpoints
{
    /// <summary>
    /// <c>GET /v1/models/current</c>: the model version this instance ranks with, and the sequence model playlist
    /// continuation uses (null, with continuation <c>repeat-last</c>, before the first); 404 before the first model.
    /// </summary>
    public static IEndpointRouteBuilder MapModelEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/models/current", (ICurrentModel models, NextTrackPredictors predictors) => models.Current is { } model
                ? Results.Ok(new CurrentModelResponse(model.Version, model.Popularity.Count, model.LoadedAt,
                    model.VersionOf(OpenMrs.ModelStore.Formats.PopularityModel.Kind), Part(model.Personal), Part(model.Neighbours), Part(model.Ranker),
                    predictors.Version, predictors.Current.Name))
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No model loaded yet",
                    detail: "Serving answers with empty lists until the first model is published."))
            .WithName("GetCurrentModel")
            .WithSummary("The model version this instance ranks with")
            .Produces<CurrentModelResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    /// <param name="Version">The composite version ranked lists name (popularity, then each personal part).</param>
    /// <param name="Tracks">Tracks in the popularity model.</param>
    /// <param name="SequenceVersion">The <c>sequence</c> model version playlist continuation uses, or null.</param>
    /// <param name="Continuation">The continuation's next-track predictor: <c>sequence@{version}</c>, or <c>repeat-last</c> without a sequence model.</param>
    public sealed record CurrentModelResponse(
        string Version, int Tracks, DateTimeOffset LoadedAt, string? PopularityVersion, ModelPartResponse? Personal, ModelPartResponse? Neighbours,
        ModelPartResponse? Ranker, string? SequenceVersion, string Continuation);

    /// <summary>One loaded personal model: kind, version, users × items, and factors (0 for a neighbour model).</summary>
    public sealed record ModelPartResponse(string Kind, string Version, int Users, int Items, int Factors);

    private static ModelPartResponse? Part(ModelPart? part) => part is null ? null : new(
        part.Kind, part.Version, part.Model.Users.Count, part.Model.Items.Count, part.Model.Factors?.ItemFactors.Factors ?? 0);
}
