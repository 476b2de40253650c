using OpenMrs.Recommender.Data.Readers;

namespace OpenMrs.Training.Cli.Listening;

/// <summary>The listening-file options of <c>train</c>, <c>eval --store</c> and <c>replay</c>: <c>--data FILE [--format FMT] [--aliases FILE] [--skip-bad-lines]</c>.</summary>
/// <param name="Lenient">Skip malformed lines (listing them) instead of stopping at the first.</param>
public sealed record ListeningFileArguments(string Data, InteractionFormat Format, string FormatName, string? Aliases, bool Lenient)
{
    public const string Synopsis = "--data FILE [--format msd|lastfm1k|hetrec|audioscrobbler|30music|tsv] [--aliases FILE]";
    public const string SkipBadLines = "--skip-bad-lines";

    /// <param name="lenient">Always skip malformed lines (replay); otherwise only with <c>--skip-bad-lines</c>.</param>
    public static ListeningFileArguments Parse(ArgumentReader reader, bool lenient = false)
    {
        var (format, name) = reader.Format();
        return new(reader.RequiredString("--data"), format, name, reader.String("--aliases"), lenient || reader.Flag(SkipBadLines));
    }

    /// <inheritdoc cref="ListeningFile.Read"/>
    public ListeningFile Read() => ListeningFile.Read(Format, Data, Lenient ? ReaderOptions.Lenient : ReaderOptions.Strict, Aliases);
}
