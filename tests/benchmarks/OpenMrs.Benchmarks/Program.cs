using OpenMrs.Benchmarks;

var benchmarks = typeof(IBenchmark).Assembly.GetTypes()
    .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IBenchmark).IsAssignableFrom(t))
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name)
    .ToList();

var at = Array.IndexOf(args, "--bench");
if (at < 0 || at + 1 >= args.Length)
{
    Console.WriteLine("usage: dotnet run -c Release --project tests/benchmarks/OpenMrs.Benchmarks -- --bench NAME [options]");
    foreach (var b in benchmarks) Console.WriteLine($"  {b.Name,-20} {b.Description}");
    return 2;
}

var name = args[at + 1];
var benchmark = benchmarks.FirstOrDefault(b => b.Name == name);
if (benchmark is null)
{
    Console.Error.WriteLine($"unknown benchmark '{name}'; known: {string.Join(", ", benchmarks.Select(b => b.Name))}");
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
return await benchmark.RunAsync([.. args.Where((_, i) => i != at && i != at + 1)], cancel.Token);
