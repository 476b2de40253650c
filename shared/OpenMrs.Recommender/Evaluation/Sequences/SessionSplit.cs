using System.Globalization;
using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Data.Readers;

namespace OpenMrs.Recommender.Evaluation.Sequences;

/// <summary>Training interactions plus held-out listening sessions, each an item sequence in time order.</summary>
public sealed record SessionSplit(InteractionMatrix Train, IReadOnlyList<int[]> TestSessions)
{
    /// <summary>
    /// Splits by time: sessions are ordered by their first play and the latest <paramref name="testFraction"/> of them
    /// are held out whole; every play of the earlier sessions is training data. Plays are taken in
    /// <see cref="InteractionTable.TimeOrder"/> (plays of the same second in item-id order) and sessions starting in the
    /// same second in session-id order, so the split never depends on the order of the file's rows. Records without a
    /// session are treated as training data.
    /// </summary>
    /// <exception cref="DegenerateDataException">The fraction holds out no session or every session, or no held-out step can be scored.</exception>
    public static SessionSplit ByTime(InteractionTable plays, double testFraction = 0.2)
    {
        if (testFraction is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "must be between 0 and 1");
        if (!plays.HasTimes) throw new InvalidOperationException("a session split needs a time on every record");
        if (plays.Sessions.Count == 0) throw new InvalidOperationException("the data has no sessions (use the 30music format)");

        var recordsBySession = new List<int>[plays.Sessions.Count];
        foreach (var r in plays.TimeOrder())
            if (plays.SessionIndices[r] is var s and >= 0) (recordsBySession[s] ??= []).Add(r);

        var sessions = Enumerable.Range(0, recordsBySession.Length)
            .Where(s => recordsBySession[s] is not null)
            .OrderBy(s => plays.Times[recordsBySession[s][0]]).ThenBy(s => s)
            .Select(s => recordsBySession[s])
            .ToList();
        var testCount = (int)Math.Round(testFraction * sessions.Count);
        if (testCount == 0)
            throw new DegenerateDataException(string.Create(CultureInfo.InvariantCulture,
                $"{testFraction * 100:0.##}% of {sessions.Count} session(s) rounds to no held-out session; use a larger file or a larger test fraction"));
        var testSessions = sessions.Skip(sessions.Count - testCount).ToList();
        var isTest = new bool[plays.Count];
        foreach (var records in testSessions)
            foreach (var r in records) isTest[r] = true;

        var train = plays.ToMatrix(Enumerable.Range(0, plays.Count).Where(r => !isTest[r]));
        if (train.UserItems.NonZeros == 0)
            throw new DegenerateDataException(string.Create(CultureInfo.InvariantCulture,
                $"holding out {testCount} of {sessions.Count} session(s) leaves no training plays; use a larger file or a smaller test fraction"));
        var split = new SessionSplit(train, [.. testSessions.Select(records => records.Select(r => plays.ItemIndices[r]).ToArray())]);
        NextItemEvaluator.RequireScorableSteps(train.UserItems, split.TestSessions);
        return split;
    }
}
