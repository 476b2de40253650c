using System.Diagnostics;
using OpenMrs.EndToEnd.Tests.Support;

namespace OpenMrs.EndToEnd.Tests.Compose;

public sealed class DockerComposeTests
{
    [Fact]
    public async Task The_compose_file_is_valid()
    {
        var root = RepositoryRoot.Find();
        var start = new ProcessStartInfo("docker-compose", ["-f", Path.Combine(root, "docker-compose.yml"), "config", "-q"])
        {
            WorkingDirectory = root,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("docker-compose did not start");
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, $"docker-compose config -q exited {process.ExitCode}: {errors}");
    }

    [Fact]
    public void Every_service_has_a_Dockerfile_the_compose_file_builds()
    {
        var root = RepositoryRoot.Find();
        var compose = File.ReadAllText(Path.Combine(root, "docker-compose.yml"));
        foreach (var service in new[] { "Ingestion", "Features", "Training", "Serving", "AllInOne" })
        {
            var dockerfile = $"services/{service}/Dockerfile";
            Assert.True(File.Exists(Path.Combine(root, dockerfile)), $"{dockerfile} is missing");
            Assert.Contains($"dockerfile: {dockerfile}", compose);
        }
    }
}
