using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenMrs.Serving.Grains.Models;

namespace OpenMrs.Serving.Health;

/// <summary>
/// Readiness of the models this silo ranks with. Before the first model the lists are empty, which is Degraded (the
/// instance answers, but nothing useful yet); with popularity alone, or with personal parts, it is Healthy and the
/// data names what is loaded, so an operator sees at a glance whether lists are personal.
/// </summary>
public sealed class ServingModelHealthCheck(ICurrentModel models) : IHealthCheck
{
    public const string Name = "serving-model";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var model = models.Current;
        if (model is null || model.PopularityVersion == ServingModel.NoVersion && model.Personal is null)
            return Task.FromResult(HealthCheckResult.Degraded("no model loaded yet: lists are empty until Training publishes one"));
        var data = new Dictionary<string, object>
        {
            ["version"] = model.Version,
            ["tracks"] = model.Popularity.Count,
            ["personal"] = model.Personal?.Kind ?? "none",
            ["loadedAt"] = model.LoadedAt,
        };
        var description = model.Personal is { } personal
            ? $"personal lists from {personal.Kind} {personal.Version}"
            : "popularity only: lists are not personal until a personal model is published";
        return Task.FromResult(HealthCheckResult.Healthy(description, data));
    }
}
