namespace OpenMrs.EndToEnd.Tests.Support;

/// <summary>Where the executables of the repository are built, and in which configuration.</summary>
public static class EntryAssembly
{
    /// <summary>The build configuration of this test run (Release under infra/test.sh), read from the test's own output folder <c>bin/CONFIG/TFM/</c>.</summary>
    public static string Configuration => OutputFolder.Parent!.Name;

    /// <summary>
    /// The built assembly of an executable project, e.g. <c>services/Training</c> →
    /// <c>services/Training/bin/Release/net10.0/OpenMrs.Training.dll</c> (this test's configuration and framework;
    /// the project references of this test project build them).
    /// </summary>
    public static string PathOf(string project)
    {
        var folder = Path.Combine(RepositoryRoot.Find(), project);
        var name = Path.GetFileNameWithoutExtension(Directory.GetFiles(folder, "*.csproj").Single());
        var path = Path.Combine(folder, "bin", Configuration, OutputFolder.Name, name + ".dll");
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is not built; build {project} in {Configuration} first");
    }

    private static DirectoryInfo OutputFolder => new(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
}
