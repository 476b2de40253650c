using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Data.Readers;
using OpenMrs.Recommender.Evaluation;
using OpenMrs.Recommender.Evaluation.Sequences;
using OpenMrs.Recommender.Evaluation.Splits;

namespace OpenMrs.Recommender.Tests.Evaluation;

/// <summary>Splits and evaluators refuse data that leaves nothing to evaluate with a plain <see cref="DegenerateDataException"/>.</summary>
public class DegenerateSplitTests
{
    private static InteractionTable Plays(params (string User, string Item, long Time, string Session)[] plays) =>
        InteractionTable.Load(plays.Select(p => new InteractionRecord(p.User, p.Item, 1, p.Time, p.Session)));

    private static readonly InteractionTable TwoUsersOnePlayEach = Plays(("a", "x", 1, "s1"), ("b", "y", 2, "s2"));
    private static readonly InteractionTable OneUser = Plays(("a", "x", 1, "s1"), ("a", "y", 2, "s1"), ("a", "z", 3, "s1"));

    public static TheoryData<string> Cases() => new(Degenerate.Keys.Order());

    private static readonly Dictionary<string, (Action Act, string Message)> Degenerate = new()
    {
        ["holdout, every user with one item"] = (() => new HoldoutSplit().Split(TwoUsersOnePlayEach.ToMatrix()),
            "no user has the 3 or more items that a 20% holdout needs to hold one out (the most any user has is 1)"),
        ["holdout, a fraction too small for the users"] = (() => new HoldoutSplit(0.1).Split(OneUser.ToMatrix()),
            "no user has the 6 or more items that a 10% holdout needs"),
        ["msd, every user with one item"] = (() => new MsdChallengeSplit().Split(TwoUsersOnePlayEach.ToMatrix()),
            "no user has the 2 or more items the MSD-challenge split needs"),
        ["msd, one eligible user and a small fraction"] = (() => new MsdChallengeSplit(0.2).Split(OneUser.ToMatrix()),
            "20% of the 1 users with 2 or more items rounds to no test user"),
        ["leave-last, every user with one item"] = (() => new LeaveLastSplit().Split(TwoUsersOnePlayEach),
            "no user has more than 1 distinct item(s)"),
        ["cold filter, one user"] = (() => new HoldoutSplit().Split(OneUser.ToMatrix()).WithoutColdTestItems(),
            "every held-out item (1 interaction(s)) is missing from training"),
        ["sessions, too few to hold one out"] = (() => SessionSplit.ByTime(TwoUsersOnePlayEach, 0.2),
            "20% of 2 session(s) rounds to no held-out session"),
        ["sessions, all held out"] = (() => SessionSplit.ByTime(TwoUsersOnePlayEach, 0.9),
            "holding out 2 of 2 session(s) leaves no training plays"),
        ["sessions, one play each"] = (() => SessionSplit.ByTime(Plays(("a", "x", 1, "s1"), ("a", "y", 2, "s1"), ("b", "y", 9, "s2")), 0.5),
            "no step of the 1 held-out session(s) can be scored"),
        ["next-track, no sessions"] = (() => NextItemEvaluator.Evaluate(new ListRecommender(_ => []), OneUser.ToMatrix().UserItems, [], [10]),
            "there are no held-out sessions to evaluate"),
        ["evaluator, empty test side"] = (() => Evaluator.Evaluate(new ListRecommender(_ => []), OneUser.ToMatrix().UserItems,
                new CsrBuilder(1, 3).Build()),
            "there is no test user to evaluate"),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Refuses_with_a_plain_message(string name)
    {
        var (act, message) = Degenerate[name];
        var refused = Assert.Throws<DegenerateDataException>(act);
        Assert.Contains(message, refused.Message);
        Assert.DoesNotContain('\n', refused.Message);
    }
}
