using OpenMrs.Contracts.Events;

namespace OpenMrs.AllInOne.Demo;

/// <summary>
/// A synthetic catalog: tracks spread evenly over the <see cref="Genre"/>s, each with generated audio and a release
/// date: one in <see cref="NewReleaseEvery"/> came out in the last week, the rest 1–15 years ago. Without release
/// dates every track would count as new from its announcement, and the freshness boost would rank the whole demo
/// catalogue as "new in the catalogue" for weeks.
/// </summary>
public sealed class DemoCatalog
{
    /// <summary>One track in this many is a new release (1–6 days before the seed).</summary>
    public const int NewReleaseEvery = 25;

    private DemoCatalog(IReadOnlyList<DemoTrack> tracks) => Tracks = tracks;

    public IReadOnlyList<DemoTrack> Tracks { get; }

    public IEnumerable<DemoTrack> OfGenre(Genre genre) => Tracks.Where(t => t.Genre == genre);

    /// <summary>Builds the catalog, released before <paramref name="now"/>; the audio is written under <paramref name="audioDirectory"/> unless a file is already there.</summary>
    public static DemoCatalog Create(DemoOptions options, string audioDirectory, DateTimeOffset now, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(audioDirectory);
        var random = new Random(options.Seed);
        // Apart from the audio's draws, so the keys and tempi (and audio files kept from earlier runs) stay as they were.
        var releases = new Random(options.Seed + 1);
        var genres = Genre.All;
        var tracks = new List<DemoTrack>(options.Tracks);
        for (var i = 0; i < options.Tracks; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var genre = genres[i % genres.Count];
            var rootKey = genre.RootKeys[random.Next(genre.RootKeys.Length)];
            var bpm = genre.Bpm + random.Next(-3, 4);
            var artist = $"{genre.Name} artist {1 + i / genres.Count % 10}";
            var id = $"demo-{genre.Name}-{i:D4}";
            var path = Path.Combine(audioDirectory, id + ".wav");
            if (!File.Exists(path))
                WavFile.WriteMono16(path, DemoAudio.Synthesize(genre, rootKey, bpm, options.AudioSeconds, options.Seed + i), DemoAudio.SampleRate);
            var upsert = new TrackUpsert(id, $"{Capitalize(genre.Name)} study no. {i / genres.Count + 1}", artist,
                Album: $"{Capitalize(genre.Name)} sampler", DurationMs: (int)(options.AudioSeconds * 1000), AudioUri: path,
                Tags: [genre.Name, genre.Minor ? "minor" : "major", $"{bpm:F0} bpm"],
                Text: $"A synthetic {genre.Name} track at {bpm:F0} bpm.",
                ReleasedAt: now - (i % NewReleaseEvery == NewReleaseEvery - 1 ? TimeSpan.FromDays(1 + releases.Next(6)) : TimeSpan.FromDays(365 + releases.Next(14 * 365))));
            tracks.Add(new DemoTrack(upsert, genre));
        }
        return new DemoCatalog(tracks);
    }

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}

public sealed record DemoTrack(TrackUpsert Upsert, Genre Genre)
{
    public string TrackId => Upsert.TrackId;
}
