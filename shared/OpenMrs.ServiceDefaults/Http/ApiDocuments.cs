using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;

namespace OpenMrs.ServiceDefaults.Http;

/// <summary>
/// The project's HTTP API description: each service's endpoints carry its group name and are described at
/// <c>/openapi/{group}.json</c> (e.g. <c>serving</c>, <c>ingestion</c>), and <c>/openapi/v1.json</c> describes every
/// endpoint the process hosts (all of them in the all-in-one). Map them with <c>app.MapOpenApi()</c>.
/// The JSON the API reads and writes is the JSON the documents describe: enums as lower-case names (the listen
/// <c>kind</c>: <c>play</c>, <c>skip</c>, …) and numbers as JSON numbers only, as Ingestion parses them.
/// </summary>
public static class ApiDocuments
{
    /// <summary>The document with every endpoint.</summary>
    public const string AllEndpoints = "v1";

    /// <summary>Adds the document of <paramref name="group"/> (and, once, the all-endpoints document and the JSON settings).</summary>
    public static IServiceCollection AddApiDocument(this IServiceCollection services, string group)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(group);
        if (!services.Any(d => d.ServiceType == typeof(AllEndpointsMarker)))
        {
            services.AddSingleton<AllEndpointsMarker>();
            services.ConfigureHttpJsonOptions(options =>
            {
                options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
                options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
            });
            services.AddOpenApi(AllEndpoints, options => options.ShouldInclude = _ => true);
        }
        services.AddOpenApi(group, options => options.ShouldInclude = description => description.GroupName == group);
        return services;
    }

    private sealed class AllEndpointsMarker;
}
