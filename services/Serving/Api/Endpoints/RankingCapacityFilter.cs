using OpenMrs.Serving.GrainInterfaces.Users;

namespace OpenMrs.Serving.Endpoints;

/// <summary>
/// Answers <see cref="RankingCapacityException"/> from any Serving endpoint as 503 problem details with
/// <c>Retry-After</c>: the silo's ranking queue is full, nothing was changed, and the same request may be retried.
/// </summary>
public sealed class RankingCapacityFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (RankingCapacityException busy)
        {
            context.HttpContext.Response.Headers.RetryAfter = busy.RetryAfterSeconds.ToString();
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Serving is at capacity",
                detail: $"{busy.Message} Nothing was changed; retry after {busy.RetryAfterSeconds} s.");
        }
    }
}
