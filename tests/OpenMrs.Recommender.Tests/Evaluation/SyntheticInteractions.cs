using OpenMrs.Recommender.Data;

namespace OpenMrs.Recommender.Tests.Evaluation;

/// <summary>Random user × item play counts for split and evaluator tests.</summary>
internal static class SyntheticInteractions
{
    public static InteractionMatrix Random(int users, int items, int maxPerUser, int seed)
    {
        var random = new Random(seed);
        var builder = new CsrBuilder(users, items);
        for (var u = 0; u < users; u++)
        {
            var count = random.Next(0, maxPerUser + 1);
            foreach (var item in Enumerable.Range(0, items).OrderBy(_ => random.Next()).Take(count))
                builder.Add(u, item, random.Next(1, 20));
        }
        return new InteractionMatrix(
            new IdMap(Enumerable.Range(0, users).Select(u => $"u{u}")),
            new IdMap(Enumerable.Range(0, items).Select(i => $"i{i}")),
            builder.Build());
    }

    public static IEnumerable<(int User, int Item, float Value)> Cells(CsrMatrix matrix)
    {
        for (var u = 0; u < matrix.Rows; u++)
        {
            var indices = matrix.RowIndices(u).ToArray();
            var values = matrix.RowValues(u).ToArray();
            for (var p = 0; p < indices.Length; p++) yield return (u, indices[p], values[p]);
        }
    }
}
