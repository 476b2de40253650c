using System.Text.Json;

namespace OpenMrs.Benchmarks;

/// <summary>Prints a benchmark's figures and writes them to tests/benchmarks/results/NAME.json.</summary>
public static class BenchmarkResults
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string ResultsDirectory
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OpenMrs.sln"))) dir = dir.Parent;
            var root = dir?.FullName ?? Directory.GetCurrentDirectory();
            return Path.Combine(root, "tests", "benchmarks", "results");
        }
    }

    public static string Write(string name, object figures)
    {
        Directory.CreateDirectory(ResultsDirectory);
        var path = Path.Combine(ResultsDirectory, name + ".json");
        var envelope = new
        {
            benchmark = name,
            measuredAt = DateTimeOffset.UtcNow,
            machine = new
            {
                Environment.ProcessorCount,
                os = Environment.OSVersion.VersionString,
                runtime = Environment.Version.ToString(),
                gc = System.Runtime.GCSettings.IsServerGC ? "server" : "workstation",
            },
            figures,
        };
        var text = JsonSerializer.Serialize(envelope, Json);
        File.WriteAllText(path, text);
        Console.WriteLine(text);
        Console.WriteLine($"written: {path}");
        return path;
    }
}
