using OpenMrs.Contracts.Events;

namespace OpenMrs.AllInOne.Demo;

/// <summary>A synthetic catalog: tracks spread evenly over the <see cref="Genre"/>s, each with generated audio.</summary>
public sealed class DemoCatalog
{
    private DemoCatalog(IReadOnlyList<DemoTrack> tracks) => Tracks = tracks;

    public IReadOnlyList<DemoTrack> Tracks { get; }

    public IEnumerable<DemoTrack> OfGenre(Genre genre) => Tracks.Where(t => t.Genre == genre);

    /// <summary>Builds the catalog; the audio is written under <paramref name="audioDirectory"/> unless a file is already there.</summary>
    public static DemoCatalog Create(DemoOptions options, string audioDirectory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(audioDirectory);
        var random = new Random(options.Seed);
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
                Text: $"A synthetic {genre.Name} track at {bpm:F0} bpm.");
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
