namespace OpenMrs.Features.Fetching;

/// <summary>A local audio file; a downloaded one is deleted on dispose, a local one is left alone.</summary>
public sealed class FetchedAudio(string path, bool temporary) : IDisposable
{
    public string Path { get; } = path;

    public void Dispose()
    {
        if (!temporary) return;
        try { File.Delete(Path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
