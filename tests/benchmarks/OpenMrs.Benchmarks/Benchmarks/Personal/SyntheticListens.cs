using OpenMrs.Contracts.Events;

namespace OpenMrs.Benchmarks.Benchmarks.Personal;

/// <summary>
/// A reproducible listen stream with taste structure over a catalogue of <c>tracks</c>: tracks form groups of
/// <see cref="TracksPerGroup"/>; each user loves one group and draws 80 % of listens from it (Zipf, s = 0.8, within the
/// group) and 20 % uniformly from the whole catalogue (so nearly every track is heard). 10 % of listens are skips,
/// 5 % likes, the rest plays. A user's listens are one minute apart from a common start and depend only on the seed
/// and the user number.
/// </summary>
internal sealed class SyntheticListens
{
    public const int TracksPerGroup = 500;
    private readonly int _tracks;
    private readonly int _seed;
    private readonly double[] _zipfCumulative;

    public SyntheticListens(int tracks, int seed)
    {
        _tracks = tracks;
        _seed = seed;
        _zipfCumulative = new double[Math.Min(TracksPerGroup, tracks)];
        double sum = 0;
        for (var r = 0; r < _zipfCumulative.Length; r++) _zipfCumulative[r] = sum += 1 / Math.Pow(r + 1, 0.8);
    }

    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static string UserId(int user) => $"user-{user:D7}";

    public static string TrackId(int track) => $"track-{track:D6}";

    /// <summary>The artist of a track: 10 tracks each.</summary>
    public static string ArtistOf(int track) => $"artist-{track / 10:D5}";

    public int Tracks => _tracks;

    /// <summary>User <paramref name="user"/>'s first <paramref name="count"/> listens, oldest first.</summary>
    public IEnumerable<ListenEvent> ForUser(int user, int count)
    {
        var random = new Random(unchecked(_seed * 1_000_003 + user));
        var groups = Math.Max(1, _tracks / TracksPerGroup);
        var group = user % groups;
        var userId = UserId(user);
        for (var n = 0; n < count; n++)
        {
            var track = random.NextDouble() < 0.8 ? group * TracksPerGroup + Zipf(random) : random.Next(_tracks);
            var roll = random.NextDouble();
            var kind = roll < 0.10 ? ListenKind.Skip : roll < 0.15 ? ListenKind.Like : ListenKind.Play;
            yield return new ListenEvent($"{userId}-{n:D5}", userId, TrackId(track), Start.AddMinutes(n), kind, kind == ListenKind.Skip ? 5_000 : 180_000);
        }
    }

    /// <summary>Users 0, 1, 2, … with <paramref name="perUser"/> listens each, without end.</summary>
    public IEnumerable<ListenEvent> Stream(int perUser)
    {
        for (var user = 0; ; user++)
            foreach (var listen in ForUser(user, perUser)) yield return listen;
    }

    private int Zipf(Random random)
    {
        var at = Array.BinarySearch(_zipfCumulative, random.NextDouble() * _zipfCumulative[^1]);
        return Math.Min(at < 0 ? ~at : at, _zipfCumulative.Length - 1);
    }

    /// <summary>
    /// A synthetic audio embedding per track (<paramref name="dimensions"/> floats): its group's centre plus noise, so
    /// tracks of one taste group sound alike, as the feature service's embeddings of one genre do.
    /// </summary>
    public IEnumerable<(string TrackId, float[] Embedding)> AudioEmbeddings(int dimensions, int seed)
    {
        var random = new Random(seed);
        var groups = Math.Max(1, _tracks / TracksPerGroup);
        var centres = Enumerable.Range(0, groups).Select(_ => Enumerable.Range(0, dimensions).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray()).ToArray();
        for (var track = 0; track < _tracks; track++)
        {
            var centre = centres[Math.Min(track / TracksPerGroup, groups - 1)];
            yield return (TrackId(track), centre.Select(c => c + (float)(random.NextDouble() - 0.5)).ToArray());
        }
    }
}
