using OpenMrs.Recommender.Data;

namespace OpenMrs.Recommender.Evaluation.Splits;

/// <summary>
/// A train and a test matrix over the same users and items (same shape, disjoint cells). <see cref="TestUsers"/>
/// lists the users to evaluate: by default every user with test items.
/// </summary>
public sealed record TrainTestSplit(InteractionMatrix Train, InteractionMatrix Test, int[] TestUsers)
{
    public TrainTestSplit(InteractionMatrix train, InteractionMatrix test) : this(train, test, UsersWithItems(test.UserItems)) { }

    public static int[] UsersWithItems(CsrMatrix matrix) =>
        Enumerable.Range(0, matrix.Rows).Where(u => matrix.RowLength(u) > 0).ToArray();
}
