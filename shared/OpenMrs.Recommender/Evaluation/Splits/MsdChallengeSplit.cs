using System.Globalization;
using OpenMrs.Recommender.Data;

namespace OpenMrs.Recommender.Evaluation.Splits;

/// <summary>
/// The MSD-challenge protocol: a random set of test users (a fraction of the users with at least two items) has half
/// of their items visible in train and half hidden in test; everybody else is entirely in train. Throws
/// <see cref="DegenerateDataException"/> when that draws no test user.
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
        if (testUsers.Length == 0)
            throw new DegenerateDataException(eligible.Length == 0
                ? "no user has the 2 or more items the MSD-challenge split needs (half kept, half hidden); use a larger file"
                : string.Create(CultureInfo.InvariantCulture,
                    $"{TestUserFraction * 100:0.##}% of the {eligible.Length} users with 2 or more items rounds to no test user; use a larger file or a larger test fraction"));
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
