using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OpenMrs.ServiceDefaults;

/// <summary>Creates and runs the web application of a service host.</summary>
public static class ServiceHost
{
    /// <summary>
    /// The service mode of a host: <see cref="CreateBuilder"/>, the service defaults, <paramref name="addServices"/>,
    /// then the default endpoints and <paramref name="mapEndpoints"/>; runs until shut down.
    /// </summary>
    /// <returns>0 after a graceful shutdown.</returns>
    public static async Task<int> RunAsync(string[] args, Action<WebApplicationBuilder> addServices, Action<WebApplication> mapEndpoints)
    {
        var builder = CreateBuilder(args);
        builder.AddServiceDefaults();
        addServices(builder);

        var app = builder.Build();
        app.MapDefaultEndpoints();
        mapEndpoints(app);
        await app.RunCheckedAsync();
        return 0;
    }

    /// <summary>
    /// Checks every option registered with <c>ValidateOnStart</c>, then runs <paramref name="app"/> until shut down.
    /// Bad configuration throws <see cref="OptionsValidationException"/> here, before the host starts, so the entry point
    /// reports it in one line; inside the host's start the same failure was also logged with a stack trace.
    /// </summary>
    public static async Task RunCheckedAsync(this WebApplication app)
    {
        app.Services.GetService<IStartupValidator>()?.Validate();
        await app.RunAsync();
    }

    /// <summary>
    /// <see cref="WebApplication.CreateBuilder(WebApplicationOptions)"/> with the content root (appsettings.json) at the
    /// application's own folder rather than the current directory: the current directory is the caller's, so
    /// relative paths on the command line mean what the user typed, and configuration still loads from wherever the
    /// host is started (<c>dotnet run</c> from the repository root, <c>/app</c> in the images).
    /// </summary>
    /// <param name="args">Configuration switches (<c>--Kafka:BootstrapServers=...</c>).</param>
    /// <param name="contentRoot">Overrides the content root (tests); null means <see cref="AppContext.BaseDirectory"/>.</param>
    /// <param name="applicationName">Overrides the application name (a host composing several services); null means the entry assembly's.</param>
    public static WebApplicationBuilder CreateBuilder(string[] args, string? contentRoot = null, string? applicationName = null) =>
        WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = contentRoot ?? AppContext.BaseDirectory,
            ApplicationName = applicationName,
        });
}
