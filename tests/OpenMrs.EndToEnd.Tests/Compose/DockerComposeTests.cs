using OpenMrs.EndToEnd.Tests.Support;

namespace OpenMrs.EndToEnd.Tests.Compose;

public sealed class DockerComposeTests
{
    [Fact]
    public async Task The_compose_file_is_valid()
    {
        var root = RepositoryRoot.Find();
        var run = await CommandProcess.RunAsync("docker-compose", ["-f", Path.Combine(root, "docker-compose.yml"), "config", "-q"], root);

        Assert.True(run.ExitCode == 0, $"docker-compose config -q exited {run.ExitCode}: {run.Error}");
    }

    [Fact]
    public void Every_service_image_is_built_from_the_shared_Dockerfile_with_a_project_that_exists()
    {
        var root = RepositoryRoot.Find();
        Assert.True(File.Exists(Path.Combine(root, SharedDockerfile)), $"{SharedDockerfile} is missing");
        var compose = File.ReadAllLines(Path.Combine(root, "docker-compose.yml")).Select(l => l.Trim()).ToList();

        var projects = compose.Where(l => l.StartsWith("PROJECT: ", StringComparison.Ordinal)).Select(l => l["PROJECT: ".Length..]).ToList();
        var assemblies = compose.Where(l => l.StartsWith("ASSEMBLY: ", StringComparison.Ordinal)).Select(l => l["ASSEMBLY: ".Length..]).ToList();

        Assert.Equal(["AllInOne", "Features", "Ingestion", "Serving", "Training"],
            projects.Select(p => p.Split('/')[1]).Order(StringComparer.Ordinal));
        Assert.Equal(projects.Count, compose.Count(l => l == $"dockerfile: {SharedDockerfile}"));
        Assert.Equal(projects.Select(Path.GetFileNameWithoutExtension), assemblies);
        Assert.All(projects, project => Assert.True(File.Exists(Path.Combine(root, project)), $"{project} is missing"));
    }

    private const string SharedDockerfile = "infra/docker/service.Dockerfile";
}
