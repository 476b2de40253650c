using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace OpenMrs.ServiceDefaults.Errors;

/// <summary>
/// Turns an unhandled exception into problem details: a bad request keeps its own status (e.g. 413 for a body over
/// the limit, 400 for malformed input); anything else is a 500 whose body reveals no internals.
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problemDetails, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        string? parameter = null;
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest } bad => BadRequest(bad, out parameter),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } bad => (bad.StatusCode, ProblemTitles.BodyTooLarge, bad.Message),
            BadHttpRequestException bad => (bad.StatusCode, "The request is not valid.", bad.Message),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested =>
                (StatusCodes.Status499ClientClosedRequest, "The client closed the request.", null),
            _ => (StatusCodes.Status500InternalServerError, "An unexpected error occurred.", null),
        };
        if (status >= 500) logger.LogError(exception, "Unhandled exception on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        else logger.LogInformation("Rejected {Method} {Path}: {Reason}", httpContext.Request.Method, httpContext.Request.Path, exception.Message);

        httpContext.Response.StatusCode = status;
        var problem = parameter is null
            ? new ProblemDetails { Status = status, Title = title, Detail = detail }
            : new HttpValidationProblemDetails(new Dictionary<string, string[]> { [parameter] = [detail!] }) { Status = status, Title = title, Detail = detail };
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, Exception = exception, ProblemDetails = problem });
    }

    private static (int, string, string?) BadRequest(BadHttpRequestException bad, out string? parameter)
    {
        (var title, var detail, parameter) = BadRequestDetails.Of(bad);
        return (StatusCodes.Status400BadRequest, title, detail);
    }
}
