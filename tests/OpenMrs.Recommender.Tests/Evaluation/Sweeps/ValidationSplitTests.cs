using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Evaluation.Splits;
using OpenMrs.Recommender.Evaluation.Sweeps;

namespace OpenMrs.Recommender.Tests.Evaluation.Sweeps;

/// <summary>The sweep's split discipline: validation comes out of train, and no test cell ever reaches it.</summary>
public class ValidationSplitTests
{
    private static readonly InteractionMatrix Data = SyntheticInteractions.Random(users: 200, items: 60, maxPerUser: 20, seed: 11);

    private static HashSet<(int User, int Item)> Cells(CsrMatrix matrix) =>
        SyntheticInteractions.Cells(matrix).Select(c => (c.User, c.Item)).ToHashSet();

    public static TheoryData<string> Kinds => ["holdout", "msd"];

    private static IMatrixSplit Splitter(string kind, int seed) =>
        kind == "msd" ? new MsdChallengeSplit(0.3, seed) : new HoldoutSplit(0.2, MinItems: 2, seed);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Validation_is_carved_from_train_and_never_holds_a_test_cell(string kind)
    {
        var split = Splitter(kind, seed: 42).Split(Data);
        var validation = ValidationSplit.Carve(split.Train, Splitter(kind, seed: 43), keepColdItems: true);

        var train = Cells(split.Train.UserItems);
        var test = Cells(split.Test.UserItems);
        var fit = Cells(validation.Fit.UserItems);
        var held = Cells(validation.Validation.UserItems);
        Assert.NotEmpty(held);
        Assert.Empty(held.Intersect(test));
        Assert.Empty(fit.Intersect(test));
        Assert.Empty(fit.Intersect(held));
        Assert.True(train.SetEquals(fit.Union(held)), "fit ∪ validation must be exactly the training cells");
        Assert.Equal(0, validation.DroppedColdCells);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Cold_validation_items_are_dropped_and_the_rest_stays_inside_train(string kind)
    {
        // Many items with one or two listeners, so some validation cells lose their item's only other play.
        var sparse = SyntheticInteractions.Random(users: 200, items: 500, maxPerUser: 10, seed: 12);
        var split = Splitter(kind, seed: 42).Split(sparse);
        var kept = ValidationSplit.Carve(split.Train, Splitter(kind, seed: 43), keepColdItems: true);
        var warm = ValidationSplit.Carve(split.Train, Splitter(kind, seed: 43));

        var fitItems = warm.Fit.UserItems.ColumnIndices.ToHashSet();
        var held = Cells(warm.Validation.UserItems);
        Assert.True(warm.DroppedColdCells > 0, "the data should leave some validation items cold");
        Assert.All(held, c => Assert.Contains(c.Item, fitItems));
        Assert.Subset(Cells(kept.Validation.UserItems), held);
        Assert.Equal(kept.Validation.UserItems.NonZeros - held.Count, warm.DroppedColdCells);
        Assert.Empty(held.Intersect(Cells(split.Test.UserItems)));
        Assert.All(warm.Parts.TestUsers, u => Assert.True(warm.Validation.UserItems.RowLength(u) > 0));
    }
}
