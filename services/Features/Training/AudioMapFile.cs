namespace OpenMrs.Features.Training;

/// <summary>
/// Reads a track → audio map: one <c>TRACK_ID&lt;TAB or comma&gt;AUDIO_URI</c> per line (a path, file:// or http(s)://
/// URI, as in TrackUpsert.AudioUri); blank lines and lines starting with '#' are skipped; a later line for the same
/// track replaces an earlier one.
/// </summary>
public static class AudioMapFile
{
    /// <exception cref="CnnTrainingException">The file is missing or a line has no separator, id or URI.</exception>
    public static IReadOnlyDictionary<string, string> Read(string path)
    {
        if (!File.Exists(path)) throw new CnnTrainingException($"audio map {path}: no such file");
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            var text = line.Trim();
            if (text.Length == 0 || text.StartsWith('#')) continue;
            var split = text.IndexOfAny(['\t', ',']);
            var id = split > 0 ? text[..split].Trim() : "";
            var uri = split > 0 ? text[(split + 1)..].Trim() : "";
            if (id.Length == 0 || uri.Length == 0)
                throw new CnnTrainingException($"audio map {path}, line {number}: expected TRACK_ID<TAB>AUDIO_URI, got '{Shorten(text)}'");
            map[id] = uri;
        }
        return map;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
