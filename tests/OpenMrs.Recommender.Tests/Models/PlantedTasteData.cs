using OpenMrs.Recommender.Data;

namespace OpenMrs.Recommender.Tests.Models;

/// <summary>
/// Synthetic listening with a known right answer: items belong to latent genres with Zipf popularity inside each genre;
/// every user loves one or two genres and draws most plays from them, the rest from global popularity. A model that
/// learns taste ranks a user's held-out items (mostly from their genres) above what popularity alone would.
/// </summary>
public sealed class PlantedTasteData
{
    public PlantedTasteData(int users = 400, int items = 300, int genres = 8, int seed = 7, double noise = 0.15)
    {
        var random = new Random(seed);
        ItemGenre = new int[items];
        var popularity = new double[items];
        for (var i = 0; i < items; i++)
        {
            ItemGenre[i] = i % genres;
            popularity[i] = 1.0 / Math.Pow(1 + i / genres, 0.9);
        }
        var allItems = Enumerable.Range(0, items).ToArray();
        var globalCdf = Cdf(allItems, popularity);
        var genreItems = Enumerable.Range(0, genres).Select(g => Enumerable.Range(0, items).Where(i => ItemGenre[i] == g).ToArray()).ToArray();
        var genreCdfs = genreItems.Select(list => Cdf(list, popularity)).ToArray();

        UserGenres = new int[users][];
        var train = new CsrBuilder(users, items);
        var test = new CsrBuilder(users, items);
        for (var u = 0; u < users; u++)
        {
            var favourite = random.Next(genres);
            UserGenres[u] = random.NextDouble() < 0.5 ? [favourite] : [favourite, (favourite + 1 + random.Next(genres - 1)) % genres];
            var size = 15 + random.Next(25);
            var chosen = new HashSet<int>();
            for (var attempt = 0; chosen.Count < size && attempt < size * 20; attempt++)
            {
                int[] list;
                double[] cdf;
                if (random.NextDouble() < noise)
                {
                    list = allItems;
                    cdf = globalCdf;
                }
                else
                {
                    var g = UserGenres[u][random.Next(UserGenres[u].Length)];
                    list = genreItems[g];
                    cdf = genreCdfs[g];
                }
                chosen.Add(list[Sample(cdf, random)]);
            }
            var ordered = chosen.ToArray();
            random.Shuffle(ordered);
            var testCount = (int)Math.Round(ordered.Length * 0.2);
            for (var n = 0; n < ordered.Length; n++)
            {
                var plays = 1 + (int)Math.Floor(-Math.Log(1 - random.NextDouble()) * 3);
                (n < testCount ? test : train).Add(u, ordered[n], plays);
            }
        }
        var userIds = new IdMap(Enumerable.Range(0, users).Select(u => $"user-{u}"));
        var itemIds = new IdMap(Enumerable.Range(0, items).Select(i => $"track-{i}"));
        Train = new InteractionMatrix(userIds, itemIds, train.Build());
        Test = test.Build();
    }

    public int[] ItemGenre { get; }
    public int[][] UserGenres { get; }
    public InteractionMatrix Train { get; }
    public CsrMatrix Test { get; }

    private static double[] Cdf(int[] list, double[] weights)
    {
        var cdf = new double[list.Length];
        double sum = 0;
        for (var n = 0; n < list.Length; n++) cdf[n] = sum += weights[list[n]];
        for (var n = 0; n < list.Length; n++) cdf[n] /= sum;
        return cdf;
    }

    private static int Sample(double[] cdf, Random random)
    {
        var at = Array.BinarySearch(cdf, random.NextDouble());
        return Math.Min(at < 0 ? ~at : at, cdf.Length - 1);
    }
}
