using System.Runtime.CompilerServices;

namespace OpenMrs.Recommender.Tests.Data;

/// <summary>A file written for one test in its own temporary folder, deleted on dispose.</summary>
internal sealed class TempFile : IDisposable
{
    private readonly string _folder;

    private TempFile(string folder, string path)
    {
        _folder = folder;
        Path = path;
    }

    public string Path { get; }

    public static TempFile WithText(string text, string name = "data.txt")
    {
        var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "openmrs-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var path = System.IO.Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return new TempFile(folder, path);
    }

    public static TempFile WithLines(params string[] lines) => WithText(string.Join("\n", lines) + "\n");

    /// <summary>Another file in the same folder.</summary>
    public string Sibling(string name, string text)
    {
        var path = System.IO.Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}

/// <summary>The checked-in fixture files, found next to this source file.</summary>
internal static class Fixtures
{
    public static string Path(string relative) =>
        System.IO.Path.Combine(System.IO.Path.GetDirectoryName(ThisFile())!, "Fixtures", relative);

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
