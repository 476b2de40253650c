using OpenMrs.Contracts.Events;
using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Data.Readers;
using OpenMrs.Training.Interactions;

namespace OpenMrs.Training.Cli.Listening;

/// <summary>One record of a listening file: who played what, how often, when, and from which line.</summary>
/// <param name="Plays">The record's play count rounded, at least 1: one listen event each.</param>
/// <param name="Ticks">Event time (UTC ticks): the file's own, or the synthetic order's.</param>
public readonly record struct FileRecord(int User, int Track, long Line, int Plays, long Ticks);

/// <summary>
/// A listening file read through the library readers (<see cref="InteractionFileReader"/>, any format) as the
/// listen events it stands for, in event-time order: a record with a play count of n is n plays, occurrences
/// 0..n−1 of its line. Shared by <c>train</c> (which folds the events into an <see cref="InteractionStore"/>)
/// and <c>replay</c> (which posts them to ingestion), so both see the same events with the same ids.
/// <list type="bullet">
/// <item><b>Times</b>: a file whose every record has a time (lastfm1k, 30music) keeps its event times. Otherwise
/// (msd, tsv, hetrec, audioscrobbler) the order is synthetic and deterministic: each user's records keep their
/// file order, spread evenly over one span (record k of a user's n sits at (k + ½)/n), users interleaved, one
/// second apart from <see cref="SyntheticStart"/>; a user's last records are then the newest, as a holdout in event
/// time expects.</item>
/// <item><b>Ties</b> in time are broken by track id, then user id (ordinal), so a timed file gives the same sequence in
/// any row order (exports are often newest first); only records equal in time, track and user fall back to line
/// order, then occurrence.</item>
/// <item><b>Event ids</b> are <c>{file name}:{line}:{occurrence}</c>, so replaying a file again yields the same ids.</item>
/// <item><b>Ids</b> that ingestion would refuse are made valid (<see cref="IngestionIds"/>): the artist–title key of a
/// Last.fm track without a MusicBrainz id becomes <c>artist - title</c>.</item>
/// </list>
/// </summary>
public sealed class ListeningFile
{
    /// <summary>Where the synthetic order starts: 2020-01-01T00:00:00Z.</summary>
    public static readonly DateTimeOffset SyntheticStart = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const long MaxUnixSeconds = 253_402_300_799; // 9999-12-31T23:59:59Z
    private readonly string _idPrefix;

    private ListeningFile(string path, IdMap users, IdMap tracks, FileRecord[] records, bool syntheticTimes, ReadReport report,
        IReadOnlyDictionary<string, string> artists)
    {
        Artists = artists;
        Path = path;
        Users = users;
        Tracks = tracks;
        Records = records;
        SyntheticTimes = syntheticTimes;
        Report = report;
        _idPrefix = IngestionIds.Valid(System.IO.Path.GetFileName(path), IngestionIds.MaxLength - 24) + ":";
    }

    public string Path { get; }
    public IdMap Users { get; }
    public IdMap Tracks { get; }

    /// <summary>In event-time order (ties by track id, user id, then line).</summary>
    public IReadOnlyList<FileRecord> Records { get; }

    /// <summary>True when the file has no times and the order was made up (see the type).</summary>
    public bool SyntheticTimes { get; }

    /// <summary>
    /// Each track's artist where the format has one (30Music's <c>ArtistId</c>; empty for the others), keyed by the
    /// track id the events carry: what <c>replay</c> posts as the catalogue, so the trained models know the artists.
    /// </summary>
    public IReadOnlyDictionary<string, string> Artists { get; }

    /// <summary>Lines read, records, and the malformed lines skipped (the first few with "file:line: reason").</summary>
    public ReadReport Report { get; }

    public long Plays => Records.Sum(r => (long)r.Plays);

    /// <summary>The newest event time, or null for a file without records.</summary>
    public DateTimeOffset? Last => Records.Count == 0 ? null : new DateTimeOffset(Records[^1].Ticks, TimeSpan.Zero);

    /// <summary>How the order was made, for reports.</summary>
    public string TimesDescription => SyntheticTimes
        ? "synthetic order (the file has no times): each user's records keep their file order, spread evenly over one span"
        : "event times from the file";

    /// <exception cref="MalformedInputException">A malformed line when <paramref name="options"/> is strict.</exception>
    /// <exception cref="InputFileException">The file cannot be read.</exception>
    /// <exception cref="CliUsageException">The file has no records, or a time outside years 1970–9999.</exception>
    public static ListeningFile Read(InteractionFormat format, string path, ReaderOptions options, string? aliasesPath = null)
    {
        var report = new ReadReport();
        var users = new IdMap();
        var tracks = new IdMap();
        var read = new List<(FileRecord Record, long? Time)>();
        foreach (var (record, line) in InteractionFileReader.ReadNumbered(format, path, options, report, aliasesPath))
        {
            var plays = (int)Math.Clamp(Math.Round(record.Count), 1, int.MaxValue);
            var item = new FileRecord(users.GetOrAdd(IngestionIds.Valid(record.User)), tracks.GetOrAdd(IngestionIds.Valid(record.Item)), line, plays, 0);
            read.Add((item, record.Time));
        }
        if (read.Count == 0) throw new CliUsageException($"{path}: no interactions found");

        var synthetic = read.Any(r => r.Time is null);
        var records = synthetic ? SyntheticOrder(read.Select(r => r.Record).ToList(), users.Count) : FileOrder(read, path);
        Array.Sort(records, (a, b) =>
        {
            var c = a.Ticks.CompareTo(b.Ticks);
            if (c == 0) c = string.CompareOrdinal(tracks.Ids[a.Track], tracks.Ids[b.Track]);
            if (c == 0) c = string.CompareOrdinal(users.Ids[a.User], users.Ids[b.User]);
            return c != 0 ? c : a.Line.CompareTo(b.Line);
        });
        var artists = new Dictionary<string, string>(StringComparer.Ordinal);
        if (format == InteractionFormat.ThirtyMusic)
            foreach (var (track, artist) in ThirtyMusicReader.Artists(path, ReaderOptions.Lenient))
                artists[IngestionIds.Valid(track)] = artist;
        return new ListeningFile(path, users, tracks, records, synthetic, report, artists);
    }

    /// <summary>The listen events of <paramref name="records"/>, each moved by <paramref name="shift"/>, in order.</summary>
    public IEnumerable<ListenEvent> Listens(IEnumerable<FileRecord> records, TimeSpan shift)
    {
        foreach (var record in records)
        {
            var at = new DateTimeOffset(record.Ticks, TimeSpan.Zero) + shift;
            for (var occurrence = 0; occurrence < record.Plays; occurrence++)
                yield return new ListenEvent(EventId(record.Line, occurrence), Users.Ids[record.User], Tracks.Ids[record.Track], at, ListenKind.Play);
        }
    }

    /// <summary>Every listen event of the file, at its own time.</summary>
    public IEnumerable<ListenEvent> Listens() => Listens(Records, TimeSpan.Zero);

    /// <summary>
    /// The file's events folded into an <see cref="InteractionStore"/>, exactly as the live service folds the
    /// <c>listens</c> topic: the interactions a training cycle splits and fits. No interaction window or size bound
    /// applies: the whole file counts.
    /// </summary>
    public IReadOnlyList<Interaction> Interactions()
    {
        var store = new InteractionStore(TimeSpan.MaxValue, int.MaxValue, dedupWindowPerPartition: 1);
        foreach (var listen in Listens()) store.Apply(listen, partition: 0);
        return store.Export();
    }

    public string EventId(long line, int occurrence) => $"{_idPrefix}{line}:{occurrence}";

    private static FileRecord[] FileOrder(List<(FileRecord Record, long? Time)> read, string path)
    {
        var records = new FileRecord[read.Count];
        for (var i = 0; i < read.Count; i++)
        {
            var (record, time) = read[i];
            if (time is not (>= 0 and <= MaxUnixSeconds))
                throw new CliUsageException($"{path}:{record.Line}: time {time} (unix seconds) is outside the years 1970–9999");
            records[i] = record with { Ticks = DateTimeOffset.FromUnixTimeSeconds(time.Value).UtcTicks };
        }
        return records;
    }

    private static FileRecord[] SyntheticOrder(List<FileRecord> read, int userCount)
    {
        var perUser = new int[userCount];
        foreach (var record in read) perUser[record.User]++;
        var seen = new int[userCount];
        var positions = new (double Position, int Index)[read.Count];
        for (var i = 0; i < read.Count; i++)
        {
            var user = read[i].User;
            positions[i] = ((seen[user]++ + 0.5) / perUser[user], i);
        }
        // Equal positions (users with the same count) keep file order, so the result depends on the file alone.
        Array.Sort(positions, (a, b) => a.Position != b.Position ? a.Position.CompareTo(b.Position) : a.Index.CompareTo(b.Index));
        var records = new FileRecord[read.Count];
        for (var rank = 0; rank < positions.Length; rank++)
            records[rank] = read[positions[rank].Index] with { Ticks = SyntheticStart.AddSeconds(rank).UtcTicks };
        return records;
    }
}
