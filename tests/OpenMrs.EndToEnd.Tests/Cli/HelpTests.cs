using OpenMrs.EndToEnd.Tests.Support;

namespace OpenMrs.EndToEnd.Tests.Cli;

/// <summary>
/// Every executable of the repository, run as built (<c>dotnet NAME.dll</c>) from the repository root, answers
/// <c>--help</c> and <c>-h</c> with its usage and exit code 0 instead of starting a host, and a wrong command with
/// the usage on stderr and exit code 2.
/// </summary>
public sealed class HelpTests
{
    /// <summary>Each executable project with the words its usage must show: the service mode and every verb.</summary>
    public static TheoryData<string, string[]> Executables() => new()
    {
        { "services/Ingestion", ["serve", "--Kafka:BootstrapServers"] },
        { "services/Features", ["serve", "extract", "FILE... [--json]"] },
        { "services/Training", ["serve", "eval", "train", "replay", "--data FILE", "--store DIR", "--keep-times"] },
        { "services/Serving/Api", ["serve", "--Orleans:Clustering"] },
        { "services/AllInOne", ["serve", "--no-demo"] },
        { "tests/benchmarks/OpenMrs.Benchmarks", ["--bench NAME", "als", "system", "[--train PATH]"] },
    };

    [Theory]
    [MemberData(nameof(Executables))]
    public async Task Help_prints_the_usage_and_exits_0(string project, string[] shown)
    {
        foreach (var help in new[] { "--help", "-h" })
        {
            var run = await CommandProcess.RunEntryAsync(project, help);

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Contains($"--project {project} --", run.Output);
            Assert.All(shown, word => Assert.Contains(word, run.Output));
            Assert.Contains("Relative paths are taken from the folder the command is run from", run.Output);
            Assert.Equal("", run.Error);
        }
    }

    [Theory]
    [MemberData(nameof(Executables))]
    public async Task An_unknown_command_prints_the_usage_on_stderr_and_exits_2(string project, string[] shown)
    {
        var run = await CommandProcess.RunEntryAsync(project, "no-such-command");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith($"{project}: unknown command 'no-such-command'", run.Error);
        Assert.All(shown, word => Assert.Contains(word, run.Error));
        Assert.Equal("", run.Output);
    }
}
