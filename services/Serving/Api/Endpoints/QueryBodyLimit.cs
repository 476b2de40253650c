using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using OpenMrs.ServiceDefaults.Errors;

namespace OpenMrs.Serving.Endpoints;

/// <summary>
/// The largest body an endpoint reads, in bytes, checked before the endpoint binds it (<see cref="UseQueryBodyLimits"/>).
/// </summary>
/// <remarks>
/// Not Kestrel's per-request limit (<c>RequestSizeLimit</c>): under it, a body declared too long was refused, but
/// Kestrel then could not drain the unread rest and reset the connection, so a client still sending read a reset
/// instead of the 413 (seen under load in the test suite). Answered here, the rest is drained under the server's own
/// limit and the client gets the answer.
/// </remarks>
public sealed record QueryBodyLimit(long Bytes)
{
    /// <summary>
    /// Answers 413 with a problem naming the limit, before the endpoint runs, when the request declares a longer body
    /// (<c>Content-Length</c>); a body of undeclared length (chunked) is held to the limit while it is read.
    /// </summary>
    public static WebApplication UseQueryBodyLimits(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<QueryBodyLimit>() is not { } limit)
            {
                await next(context);
                return;
            }
            if (context.Request.ContentLength > limit.Bytes)
            {
                await Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: ProblemTitles.BodyTooLarge,
                    detail: FormattableString.Invariant($"This query's body may be at most {limit.Bytes:N0} bytes; this one declares {context.Request.ContentLength:N0}.")).ExecuteAsync(context);
                return;
            }
            if (context.Request.ContentLength is null && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
                size.MaxRequestBodySize = limit.Bytes;
            await next(context);
        });
        return app;
    }
}
