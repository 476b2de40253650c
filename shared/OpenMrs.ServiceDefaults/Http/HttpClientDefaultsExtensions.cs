using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace OpenMrs.ServiceDefaults.Http;

/// <summary>Every <see cref="HttpClient"/> from the factory gets the standard resilience pipeline (timeouts, retries, circuit breaker).</summary>
public static class HttpClientDefaultsExtensions
{
    public static IHostApplicationBuilder AddHttpClientDefaults(this IHostApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
        return builder;
    }
}
