using OpenMrs.Benchmarks;
using OpenMrs.ServiceDefaults.Cli;

// `--bench NAME [options]`: one benchmark; `--bench` alone or `--help` lists them. Implementations are found by reflection.
var benchmarks = typeof(IBenchmark).Assembly.GetTypes()
    .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IBenchmark).IsAssignableFrom(t))
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name);

return await new EntryPoint
{
    Project = "tests/benchmarks/OpenMrs.Benchmarks",
    Summary = "Benchmarks: figures printed and written to tests/benchmarks/results/NAME.json.",
    VerbOption = "--bench",
    Verbs = [.. benchmarks.Select(b => new Verb(b.Name, b.Description, b.Options, b.RunAsync))],
}.RunMainAsync(args);
