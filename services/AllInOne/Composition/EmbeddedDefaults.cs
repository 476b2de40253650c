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
            // One process on one machine: retrain soon after the demo seed (about 12,000 listens) and then every minute
            // while listens arrive, so a listener sees lists turn from popular to personal within seconds.
            ["Training:RetrainAfterEvents"] = "2000",
            ["Training:RetrainInterval"] = "00:01:00",
            // Train the audio CNN towards the newest WALS factors every two minutes when a newer one exists, so the
            // embeddings (audio similarity, cold start) stop being random soon after the first personal model.
            ["Features:TrainIntervalMinutes"] = "2",
        };
        // Loopback unless told otherwise (Urls, or ASPNETCORE_HTTP_PORTS as the container images set it).
        if (string.IsNullOrWhiteSpace(configuration["HTTP_PORTS"]) && string.IsNullOrWhiteSpace(configuration["HTTPS_PORTS"]))
            defaults["Urls"] = "http://127.0.0.1:5080";
        return defaults.Where(d => string.IsNullOrWhiteSpace(configuration[d.Key]));
    }
}
