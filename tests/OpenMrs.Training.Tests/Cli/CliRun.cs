using OpenMrs.ServiceDefaults.Cli;
using OpenMrs.Training.Cli;
using Spectre.Console;

namespace OpenMrs.Training.Tests.Cli;

/// <summary>
/// Runs the Training command line in-process, through the same front door as Program.cs, with captured console
/// output and error stream. The service mode only records its arguments (<see cref="Served"/>).
/// </summary>
internal sealed record CliRun(int ExitCode, string Output, string Error, string[]? Served)
{
    public static async Task<CliRun> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        string[]? served = null;
        var entry = new EntryPoint
        {
            Project = "services/Training",
            Summary = "Training",
            Service = new ServiceMode("records its arguments", serveArgs =>
            {
                served = serveArgs;
                return Task.FromResult(0);
            }),
            Verbs = TrainingCli.Verbs(console, error),
        };
        var code = await entry.RunAsync(args, output, error);
        return new CliRun(code, output.ToString(), error.ToString(), served);
    }
}

/// <summary>A temporary folder holding generated listening files and the reports a run writes.</summary>
internal sealed class WorkFolder : IDisposable
{
    public WorkFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "openmrs-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Write(string name, IEnumerable<string> lines)
    {
        var path = File(name);
        System.IO.File.WriteAllLines(path, lines);
        return path;
    }

    /// <summary>
    /// user \t item \t count with a header: two taste groups, each user playing mostly items of their own group,
    /// so a collaborative model has something to find.
    /// </summary>
    public string WriteTasteGroups(string name, int users = 120, int itemsPerGroup = 30, int seed = 7)
    {
        var random = new Random(seed);
        var lines = new List<string> { "user\titem\tcount" };
        for (var u = 0; u < users; u++)
        {
            var group = u % 2;
            foreach (var item in Enumerable.Range(0, itemsPerGroup).OrderBy(_ => random.Next()).Take(12))
                lines.Add($"user{u}\tg{group}-item{item}\t{random.Next(1, 9)}");
            lines.Add($"user{u}\tg{1 - group}-item{random.Next(itemsPerGroup)}\t1");
        }
        return Write(name, lines);
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
