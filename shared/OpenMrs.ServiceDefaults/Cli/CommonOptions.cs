namespace OpenMrs.ServiceDefaults.Cli;

/// <summary>Service-mode options several hosts share, so their usage says the same thing the same way.</summary>
public static class CommonOptions
{
    public static readonly OptionHelp Urls = new("--Urls=http://HOST:PORT", "where the HTTP endpoints listen");

    public static readonly OptionHelp Kafka = new("--Kafka:BootstrapServers=HOST:PORT", "Kafka brokers; empty or 'embedded' starts the in-process cluster");

    public static readonly OptionHelp Redis = new("--Redis:ConnectionString=HOST:PORT", "Redis (list cache, event de-duplication); empty = in process");

    public static readonly OptionHelp ModelStore = new("--ModelStore:Path=DIR", "root of the versioned model store (default ./model-store)");
}
