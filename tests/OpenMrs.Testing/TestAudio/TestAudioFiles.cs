namespace OpenMrs.Testing.TestAudio;

/// <summary>
/// Locates the CC0 sample package fetched by <c>infra/fetch-test-audio.sh</c>. Missing files are an error, not a
/// skip: the CI test command fetches them before running tests.
/// </summary>
public static class TestAudioFiles
{
    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OpenMrs.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException($"no OpenMrs.sln above {AppContext.BaseDirectory}");
        }
    }

    public static string SamplesDirectory
    {
        get
        {
            var path = Path.Combine(RepositoryRoot, "tests", "fixtures", "downloaded", "supersonic-scsynth-samples", "samples");
            if (!Directory.Exists(path) || !Directory.EnumerateFiles(path).Any())
                throw new InvalidOperationException($"test audio is missing at {path}: run `bash infra/fetch-test-audio.sh` first");
            return path;
        }
    }

    /// <summary>Every audio file in the package (flac, aiff, wav), sorted by name.</summary>
    public static IReadOnlyList<string> All() =>
        Directory.EnumerateFiles(SamplesDirectory)
            .Where(p => Path.GetExtension(p).ToLowerInvariant() is ".flac" or ".aiff" or ".aif" or ".wav")
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The family of a sample is the prefix before the first underscore: loop_, bd_, ambi_, ...</summary>
    public static string FamilyOf(string path) => Path.GetFileNameWithoutExtension(path).Split('_')[0];

    public static string Get(string fileName)
    {
        var path = Path.Combine(SamplesDirectory, fileName);
        return File.Exists(path) ? path : throw new FileNotFoundException($"test audio sample {fileName} is missing", path);
    }
}
