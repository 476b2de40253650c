using Spectre.Console;

namespace OpenMrs.Training.Cli.Reports;

/// <summary>Writes a report file (creating its folder) and says so on the console.</summary>
public static class ReportFiles
{
    /// <exception cref="CliUsageException">The file cannot be written.</exception>
    public static void Write(string path, string content, IAnsiConsole console)
    {
        try
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (folder is not null) Directory.CreateDirectory(folder);
            File.WriteAllText(path, content);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"cannot write {path}: {e.Message}");
        }
        console.MarkupLineInterpolated($"wrote [green]{path}[/]");
    }
}
