using OpenMrs.ServiceDefaults;

namespace OpenMrs.AllInOne.Composition;

/// <summary>Builds the all-in-one WebApplication: the run command, the end-to-end tests and the system benchmark all start it here.</summary>
public static class AllInOneApp
{
    /// <param name="args">Command-line arguments (<c>--no-demo</c>, <c>--Kafka:BootstrapServers=...</c>, ...).</param>
    /// <param name="settings">Configuration that overrides appsettings, environment and command line (tests, benchmarks).</param>
    /// <param name="contentRoot">Where appsettings.json is looked for; the application's folder by default. Every default
    /// the host needs is in code (<see cref="EmbeddedDefaults"/>), so it needs no appsettings.json.</param>
    /// <param name="customize">Last changes to the services before the composition adds its own (e.g. a test exporter).</param>
    public static WebApplication Build(
        string[] args,
        IDictionary<string, string?>? settings = null,
        string? contentRoot = null,
        Action<WebApplicationBuilder>? customize = null)
    {
        var builder = ServiceHost.CreateBuilder(CommandLine.Normalize(args), contentRoot, typeof(AllInOneApp).Assembly.GetName().Name);
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        customize?.Invoke(builder);
        builder.AddAllInOne();

        var app = builder.Build();
        app.MapAllInOne();
        return app;
    }
}
