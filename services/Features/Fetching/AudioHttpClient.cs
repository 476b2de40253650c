using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace OpenMrs.Features.Fetching;

/// <summary>The host's HTTP client for <see cref="AudioFetcher"/>: the policy's connection checks under a resilience pipeline that knows refusals.</summary>
public static class AudioHttpClient
{
    /// <summary>
    /// Registers <see cref="AudioFetcher"/> as a typed client on <see cref="AudioSourcePolicy.CreateHandler"/> (the policy
    /// must be registered) with the standard resilience pipeline in place of the defaults' one, except that a location
    /// the policy refused is neither retried nor counted by the circuit breaker: the same request would be refused again,
    /// so the track is dead-lettered at once with its reason instead of after three more attempts, each logged with a
    /// stack trace.
    /// </summary>
    public static IHttpClientBuilder AddAudioFetcher(this IServiceCollection services)
    {
        var client = services.AddHttpClient<AudioFetcher>()
            .ConfigurePrimaryHttpMessageHandler(provider => provider.GetRequiredService<AudioSourcePolicy>().CreateHandler());
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental
        client.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        client.AddStandardResilienceHandler(options =>
        {
            options.Retry.ShouldHandle = args => ValueTask.FromResult(!IsRefusal(args.Outcome.Exception) && HttpClientResiliencePredicates.IsTransient(args.Outcome));
            options.CircuitBreaker.ShouldHandle = args => ValueTask.FromResult(!IsRefusal(args.Outcome.Exception) && HttpClientResiliencePredicates.IsTransient(args.Outcome));
        });
        return client;
    }

    private static bool IsRefusal(Exception? exception) =>
        exception is HttpRequestException { InnerException: AudioFetchException { Reason: AudioFetchFailure.Refused } };
}
