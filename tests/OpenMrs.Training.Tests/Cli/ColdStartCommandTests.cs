using System.Text.Json.Nodes;

namespace OpenMrs.Training.Tests.Cli;

/// <summary><c>coldstart</c> prints and writes the content model's cold-start figures beside both baselines; bad options are one line.</summary>
public sealed class ColdStartCommandTests
{
    [Fact]
    public async Task Coldstart_prints_and_writes_the_content_model_above_the_random_baseline()
    {
        var folder = Path.Combine(Path.GetTempPath(), "openmrs-coldstart-" + Guid.NewGuid().ToString("N"));
        try
        {
            var json = Path.Combine(folder, "cold.json");
            var html = Path.Combine(folder, "cold.html");
            var run = await CliRun.RunAsync(["coldstart", "--tracks", "200", "--users", "150", "--hidden", "32", "--json", json, "--html", html]);

            Assert.True(run.ExitCode == 0, run.Error);
            Assert.Contains("content-factors", run.Output);
            Assert.Contains("artist average", run.Output);
            var models = JsonNode.Parse(File.ReadAllText(json))!["models"]!.AsArray();
            Assert.Equal(["content-factors", "artist average", "random"], models.Select(m => (string)m!["name"]!));
            Assert.True((double)models[0]!["map@500"]! > (double)models[2]!["map@500"]!);
            Assert.Contains("MAP@500", File.ReadAllText(html));
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_held_out_share_outside_zero_to_one_is_a_one_line_usage_error()
    {
        var run = await CliRun.RunAsync(["coldstart", "--held-out", "1.5"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--held-out", run.Error);
        Assert.Single(run.Error.Trim().Split('\n'));
    }
}
