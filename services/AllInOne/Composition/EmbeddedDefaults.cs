namespace OpenMrs.AllInOne.Composition;

/// <summary>
/// Defaults that make one process self-sufficient; any value set by appsettings, environment or command line wins
/// because these are only filled in where nothing is configured.
/// </summary>
public static class EmbeddedDefaults
{
    public static IEnumerable<KeyValuePair<string, string?>> For(IConfiguration configuration)
    {
        var dataRoot = configuration["OpenMrs:DataDirectory"] is { Length: > 0 } root ? root : Path.Combine(Path.GetTempPath(), "openmrs-allinone");
        var defaults = new Dictionary<string, string?>
        {
            ["ModelStore:Path"] = Path.Combine(dataRoot, "models"),
            ["Urls"] = "http://127.0.0.1:5080",
            ["Logging:LogLevel:Orleans"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        };
        return defaults.Where(d => string.IsNullOrWhiteSpace(configuration[d.Key]));
    }
}
