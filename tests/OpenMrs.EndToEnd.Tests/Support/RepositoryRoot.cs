namespace OpenMrs.EndToEnd.Tests.Support;

public static class RepositoryRoot
{
    public static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OpenMrs.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("OpenMrs.sln not found above " + AppContext.BaseDirectory);
    }
}
