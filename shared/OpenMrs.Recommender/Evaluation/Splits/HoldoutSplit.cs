using OpenMrs.Recommender.Data;

namespace OpenMrs.Recommender.Evaluation.Splits;

/// <summary>
/// Per-user random holdout: each user with at least <see cref="MinItems"/> items has round(fraction · n) of them
/// (banker's rounding, as numpy's round) moved to test. This is how the benchmark's synth_train / synth_test were made.
/// </summary>
public sealed record HoldoutSplit(double TestFraction = 0.2, int MinItems = 2, int Seed = 42) : IMatrixSplit
{
    public TrainTestSplit Split(InteractionMatrix data)
    {
        if (TestFraction is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(TestFraction), TestFraction, "must be between 0 and 1");
        if (MinItems < 1) throw new ArgumentOutOfRangeException(nameof(MinItems), MinItems, "must be at least 1");
        var random = new Random(Seed);
        var (train, test) = CellPartition.Split(data.UserItems, (_, toTest) =>
        {
            if (toTest.Length < MinItems) return;
            var count = (int)Math.Round(TestFraction * toTest.Length, MidpointRounding.ToEven);
            CellPartition.MarkRandom(toTest, Math.Min(count, toTest.Length - 1), random);
        });
        return new TrainTestSplit(data.WithValues(train), data.WithValues(test));
    }
}
