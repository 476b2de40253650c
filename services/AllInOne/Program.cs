using OpenMrs.AllInOne.Composition;
using OpenMrs.ServiceDefaults;
using OpenMrs.ServiceDefaults.Cli;

// The run command: Ingestion, Features, Training and Serving in one process on embedded defaults.
// `--no-demo` skips the synthetic catalog and listeners; `--help` prints the usage. See README.md.
return await new EntryPoint
{
    Project = "services/AllInOne",
    Summary = "All-in-one: Ingestion, Features, Training and Serving in one process on embedded Kafka, a loopback Orleans silo and in-process caches.",
    Service = new ServiceMode("the four services on http://127.0.0.1:5080, seeded with a demo catalog and listeners", async args =>
    {
        await AllInOneApp.Build(args).RunCheckedAsync();
        return 0;
    })
    {
        Options =
        [
            new("--no-demo", "no demo seed (synthetic catalog with audio, listeners with planted tastes)"),
            new("--Demo:Tracks=N", "tracks in the demo catalog (200)"),
            CommonOptions.Urls, CommonOptions.Kafka, CommonOptions.Redis,
        ],
    },
}.RunMainAsync(args);
