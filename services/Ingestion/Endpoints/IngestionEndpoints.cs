using Microsoft.Extensions.Options;
using OpenMrs.Contracts;
using OpenMrs.Contracts.Events;
using OpenMrs.Messaging.Backpressure;
using OpenMrs.Ingestion.Publishing;
using OpenMrs.Ingestion.Telemetry;
using OpenMrs.Ingestion.Validation;

namespace OpenMrs.Ingestion.Endpoints;

/// <summary><c>POST /v1/listens</c> and <c>POST /v1/tracks</c>: validate the whole batch, publish, answer 202 once the broker acknowledged every write.</summary>
public static class IngestionEndpoints
{
    /// <summary>The OpenAPI group of these endpoints: <c>/openapi/ingestion.json</c>.</summary>
    public const string ApiGroup = "ingestion";

    public static IEndpointRouteBuilder MapIngestionEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var v1 = endpoints.MapGroup("/v1").WithTags("Ingestion").WithGroupName(ApiGroup);

        v1.MapPost("/listens", (HttpContext http, BatchParser<ListenEvent> parser, ListenIngestor ingestor) =>
                IngestAsync(http, parser, Topics.Listens, ingestor.IngestAsync))
            .WithName("PostListens")
            .WithSummary("Ingest up to 1,000 listen events; 202 only after the broker acknowledged every one.")
            .Accepts<ListenBatch>("application/json")
            .Produces<IngestResult>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        v1.MapPost("/tracks", (HttpContext http, BatchParser<TrackUpsert> parser, TrackIngestor ingestor) =>
                IngestAsync(http, parser, Topics.Tracks, ingestor.IngestAsync))
            .WithName("PostTracks")
            .WithSummary("Upsert up to 1,000 catalog tracks; 202 only after the broker acknowledged every one.")
            .Accepts<TrackBatch>("application/json")
            .Produces<IngestResult>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        return endpoints;
    }

    private static async Task<IResult> IngestAsync<T>(
        HttpContext http, BatchParser<T> parser, string topic, Func<IReadOnlyList<T>, CancellationToken, Task<IngestResult>> ingest)
        where T : class
    {
        var services = http.RequestServices;
        var options = services.GetRequiredService<IOptions<IngestionOptions>>().Value;
        var metrics = services.GetRequiredService<IngestionMetrics>();

        var body = await RequestBodyReader.ReadAsync(http.Request, options.MaxBodyBytes, http.RequestAborted);
        var batch = parser.Parse(body);
        if (batch.Rejection is { } rejection)
        {
            metrics.Rejected(topic, Math.Max(rejection.InvalidItems, 1));
            var extensions = new Dictionary<string, object?> { ["invalidItems"] = rejection.InvalidItems };
            if (rejection.ErrorsTruncated) extensions["errorsTruncated"] = true;
            return TypedResults.ValidationProblem(rejection.Errors, rejection.Detail, title: rejection.Title, extensions: extensions);
        }

        try
        {
            var result = await ingest(batch.Items, http.RequestAborted);
            return TypedResults.Accepted((string?)null, result);
        }
        catch (BacklogFullException ex)
        {
            metrics.RefusedForBacklog(topic);
            http.Response.Headers.RetryAfter = options.BacklogRetryAfterSeconds.ToString();
            return TypedResults.Problem(
                title: "The pipeline is behind; nothing of the batch was accepted.",
                detail: $"{ex.Message} Resend the same batch after {options.BacklogRetryAfterSeconds} s.",
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        catch (BatchNotAcknowledgedException ex)
        {
            http.Response.Headers.RetryAfter = options.RetryAfterSeconds.ToString();
            return TypedResults.Problem(
                title: "The event broker did not acknowledge the batch.",
                detail: $"{ex.Message} Resend the same batch after {options.RetryAfterSeconds} s: items already accepted are recognised by their id and count once.",
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
