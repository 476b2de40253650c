using OpenMrs.Recommender.Data;

namespace OpenMrs.Recommender.Evaluation.Splits;

/// <summary>
/// The MSD-challenge protocol: a random set of test users (a fraction of the users with at least two items) has half
/// of their items visible in train and half hidden in test; everybody else is entirely in train.
/// </summary>
public sealed record MsdChallengeSplit(double TestUserFraction = 0.2, int Seed = 42) : IMatrixSplit
{
    public TrainTestSplit Split(InteractionMatrix data)
    {
        if (TestUserFraction is <= 0 or > 1) throw new ArgumentOutOfRangeException(nameof(TestUserFraction), TestUserFraction, "must be in (0, 1]");
        var random = new Random(Seed);
        var eligible = Enumerable.Range(0, data.UserCount).Where(u => data.UserItems.RowLength(u) >= 2).ToArray();
        random.Shuffle(eligible);
        var testUsers = eligible[..(int)Math.Round(TestUserFraction * eligible.Length)];
        Array.Sort(testUsers);
        var isTestUser = new bool[data.UserCount];
        foreach (var u in testUsers) isTestUser[u] = true;

        var (train, test) = CellPartition.Split(data.UserItems, (user, toTest) =>
        {
            if (isTestUser[user]) CellPartition.MarkRandom(toTest, toTest.Length / 2, random);
        });
        return new TrainTestSplit(data.WithValues(train), data.WithValues(test), testUsers);
    }
}
