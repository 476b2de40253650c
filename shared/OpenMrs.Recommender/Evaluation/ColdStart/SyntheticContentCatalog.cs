using OpenMrs.Recommender.Numerics;
using OpenMrs.Recommender.Text;

namespace OpenMrs.Recommender.Evaluation.ColdStart;

/// <summary>One generated track: its artist, planted genre, audio embedding and text.</summary>
public sealed record SyntheticTrack(string TrackId, string Artist, int Genre, float[] Embedding, TrackText Text);

/// <summary>
/// Generated listening data whose content carries the taste, for evaluating content-to-factors where no real data set
/// has titles, tags and audio together. Every genre has a random unit centroid in embedding space and a few words of its
/// own; a track's embedding is its genre's centroid plus Gaussian noise, its title and tags mix its genre's words with
/// words shared by all genres. An artist keeps to one genre for <c>artistFidelity</c> of its tracks (the rest are any
/// genre), so the artist's other tracks tell less than the track's own content. Every user loves one genre and plays
/// its tracks (Zipf popularity), with some plays anywhere. Deterministic for a seed.
/// </summary>
public sealed class SyntheticContentCatalog
{
    private static readonly string[] Shared = ["love", "night", "song", "time", "live", "remix", "edit", "heart", "home", "light", "day", "world"];

    public SyntheticContentCatalog(
        int genres = 5, int artists = 60, int tracks = 600, int users = 400, int playsPerUser = 40,
        int embeddingDimension = 32, double embeddingNoise = 0.35, double artistFidelity = 0.5, int seed = 7)
    {
        var random = new GaussianRandom(seed);
        var uniform = random.Uniform;
        var centroids = FactorMatrix.Gaussian(genres, embeddingDimension, 1, seed + 1);
        var genreWords = Enumerable.Range(0, genres).Select(g => Enumerable.Range(0, 6).Select(w => $"g{g}word{w}").ToArray()).ToArray();
        var artistGenre = Enumerable.Range(0, artists).Select(_ => uniform.Next(genres)).ToArray();
        var list = new List<SyntheticTrack>(tracks);
        for (var t = 0; t < tracks; t++)
        {
            var artist = uniform.Next(artists);
            var genre = uniform.NextDouble() < artistFidelity ? artistGenre[artist] : uniform.Next(genres);
            var centroid = centroids.Row(genre);
            var norm = VectorOps.Norm(centroid);
            var embedding = new float[embeddingDimension];
            for (var i = 0; i < embeddingDimension; i++) embedding[i] = (float)(centroid[i] / norm + embeddingNoise * random.Next());
            var words = genreWords[genre];
            var title = $"{words[uniform.Next(words.Length)]} {Shared[uniform.Next(Shared.Length)]} {words[uniform.Next(words.Length)]}";
            string[] tags = uniform.NextDouble() < 0.7 ? [words[uniform.Next(words.Length)], Shared[uniform.Next(Shared.Length)]] : [Shared[uniform.Next(Shared.Length)]];
            list.Add(new SyntheticTrack($"track-{t:D5}", $"artist-{artist:D3}", genre, embedding, new TrackText(title, $"artist {artist}", Tags: tags)));
        }
        Tracks = list;

        var byGenre = Enumerable.Range(0, genres).Select(g => list.Where(t => t.Genre == g).ToArray()).ToArray();
        var plays = new Dictionary<(string, string), int>();
        for (var u = 0; u < users; u++)
        {
            var user = $"user-{u:D4}";
            var own = byGenre[u % genres];
            for (var n = 0; n < playsPerUser; n++)
            {
                var track = own.Length > 0 && uniform.NextDouble() < 0.85
                    ? own[Math.Min(own.Length - 1, (int)(own.Length * Math.Pow(uniform.NextDouble(), 2)))]
                    : list[uniform.Next(list.Count)];
                plays[(user, track.TrackId)] = plays.GetValueOrDefault((user, track.TrackId)) + 1;
            }
        }
        Plays = [.. plays.Select(kv => (kv.Key.Item1, kv.Key.Item2, kv.Value))];
    }

    public IReadOnlyList<SyntheticTrack> Tracks { get; }

    /// <summary>(user, track, play count); a user's loved genre is user index mod genres.</summary>
    public IReadOnlyList<(string User, string Track, int Count)> Plays { get; }
}
