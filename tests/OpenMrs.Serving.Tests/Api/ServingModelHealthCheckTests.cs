using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenMrs.ModelStore.Formats;
using OpenMrs.Serving.Grains.Models;
using OpenMrs.Serving.Health;
using OpenMrs.Serving.Tests.Fixtures;

namespace OpenMrs.Serving.Tests.Api;

[Collection(ServingHostCollection.Name)]
public sealed class ServingModelHealthCheckTests(ServingHostFixture host)
{
    [Fact]
    public async Task Before_any_model_readiness_is_degraded_and_with_popularity_alone_it_is_healthy_but_says_not_personal()
    {
        var holder = new CurrentModelHolder();
        var check = new ServingModelHealthCheck(holder);

        var empty = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Degraded, empty.Status);
        Assert.Contains("no model", empty.Description);

        holder.TryUpdate(PopularityModel.Kind, "v1", _ => new ServingModel("v1", TestData.RankedModel("h", 3), DateTimeOffset.UnixEpoch));
        var popular = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Healthy, popular.Status);
        Assert.Contains("not personal", popular.Description);
        Assert.Equal(("v1", 3, "none"), ((string)popular.Data["version"], (int)popular.Data["tracks"], (string)popular.Data["personal"]));
    }

    [Fact]
    public async Task The_readiness_report_names_the_loaded_model()
    {
        await host.PublishModelAsync(TestData.RankedModel("ready", 12));
        var expected = host.Services.GetRequiredService<ICurrentModel>().Current!.Version;

        var report = await host.Http.GetFromJsonAsync<JsonElement>("/health/ready");
        var entry = report.GetProperty("checks").GetProperty(ServingModelHealthCheck.Name);

        Assert.Equal("Healthy", entry.GetProperty("status").GetString());
        Assert.Equal(expected, entry.GetProperty("data").GetProperty("version").GetString());
    }
}
