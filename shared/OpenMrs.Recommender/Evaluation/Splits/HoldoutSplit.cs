using System.Globalization;
using OpenMrs.Recommender.Data;

namespace OpenMrs.Recommender.Evaluation.Splits;

/// <summary>
/// Per-user random holdout: each user with at least <see cref="MinItems"/> items has round(fraction · n) of them
/// (banker's rounding, as numpy's round) moved to test. This is how the benchmark's synth_train / synth_test were made.
/// Throws <see cref="DegenerateDataException"/> when no user has enough items for that to hold anything out.
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
            if (toTest.Length >= MinItems) CellPartition.MarkRandom(toTest, HeldOut(toTest.Length), random);
        });
        if (test.NonZeros == 0) throw NothingHeldOut(data.UserItems);
        return new TrainTestSplit(data.WithValues(train), data.WithValues(test));
    }

    private int HeldOut(int items) =>
        items < MinItems ? 0 : Math.Min((int)Math.Round(TestFraction * items, MidpointRounding.ToEven), items - 1);

    private DegenerateDataException NothingHeldOut(CsrMatrix data)
    {
        if (data.NonZeros == 0) return new DegenerateDataException("the data has no interactions to split");
        var needed = Math.Max(MinItems, 2);
        while (HeldOut(needed) == 0) needed++;
        var most = Enumerable.Range(0, data.Rows).Max(data.RowLength);
        return new DegenerateDataException(string.Create(CultureInfo.InvariantCulture,
            $"no user has the {needed} or more items that a {TestFraction * 100:0.##}% holdout needs to hold one out (the most any user has is {most}); " +
            $"use a larger file or a larger test fraction"));
    }
}
