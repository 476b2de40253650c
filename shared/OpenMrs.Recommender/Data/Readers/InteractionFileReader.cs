namespace OpenMrs.Recommender.Data.Readers;

/// <summary>Reads any supported format as a stream of <see cref="InteractionRecord"/>.</summary>
public static class InteractionFileReader
{
    /// <param name="aliasesPath">Audioscrobbler only: the artist alias file; when null, an <c>artist_alias*.txt</c> beside the data is used if present.</param>
    public static IEnumerable<InteractionRecord> Read(
        InteractionFormat format, string path, ReaderOptions? options = null, ReadReport? report = null, string? aliasesPath = null) =>
        format switch
        {
            InteractionFormat.Msd => TasteProfileReader.Read(path, options, report),
            InteractionFormat.LastFm1k => LastFm1kReader.Read(path, options, report),
            InteractionFormat.HetRec => HetRecReader.Read(path, options, report),
            InteractionFormat.Audioscrobbler => AudioscrobblerReader.Read(path, LoadAliases(path, aliasesPath, options), options, report),
            InteractionFormat.ThirtyMusic => ThirtyMusicReader.Read(path, options, report),
            InteractionFormat.Tsv => CountTsvReader.Read(path, options, report),
            InteractionFormat.Sessions => SessionTsvReader.Read(path, options, report),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown format"),
        };

    /// <summary>
    /// As <see cref="Read"/>, with the 1-based line each record came from (every format reads one record per line
    /// through <see cref="DelimitedLineReader"/>, whose report counts lines as it streams). With
    /// <see cref="ReaderOptions.Lenient"/> the malformed lines are skipped and listed in <paramref name="report"/>.
    /// </summary>
    public static IEnumerable<(InteractionRecord Record, long Line)> ReadNumbered(
        InteractionFormat format, string path, ReaderOptions? options = null, ReadReport? report = null, string? aliasesPath = null)
    {
        report ??= new ReadReport();
        foreach (var record in Read(format, path, options, report, aliasesPath)) yield return (record, report.Lines);
    }

    private static ArtistAliases? LoadAliases(string dataPath, string? aliasesPath, ReaderOptions? options)
    {
        aliasesPath ??= FindAliasesBeside(dataPath);
        return aliasesPath is null ? null : ArtistAliases.Read(aliasesPath, options);
    }

    private static string? FindAliasesBeside(string dataPath)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(dataPath));
        if (folder is null || !Directory.Exists(folder)) return null;
        return Directory.EnumerateFiles(folder, "artist_alias*.txt").Order(StringComparer.Ordinal).FirstOrDefault();
    }
}
