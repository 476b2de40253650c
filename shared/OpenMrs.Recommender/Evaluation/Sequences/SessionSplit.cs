using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Data.Readers;

namespace OpenMrs.Recommender.Evaluation.Sequences;

/// <summary>Training interactions plus held-out listening sessions, each an item sequence in time order.</summary>
public sealed record SessionSplit(InteractionMatrix Train, IReadOnlyList<int[]> TestSessions)
{
    /// <summary>
    /// Splits by time: sessions are ordered by their first play and the latest <paramref name="testFraction"/> of them
    /// are held out whole; every play of the earlier sessions is training data. Plays keep file order within a session
    /// when times tie. Records without a session are treated as training data.
    /// </summary>
    public static SessionSplit ByTime(InteractionTable plays, double testFraction = 0.2)
    {
        if (testFraction is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "must be between 0 and 1");
        if (!plays.HasTimes) throw new InvalidOperationException("a session split needs a time on every record");
        if (plays.Sessions.Count == 0) throw new InvalidOperationException("the data has no sessions (use the 30music format)");

        var recordsBySession = new List<int>[plays.Sessions.Count];
        for (var r = 0; r < plays.Count; r++)
            if (plays.SessionIndices[r] is var s and >= 0) (recordsBySession[s] ??= []).Add(r);

        var sessions = Enumerable.Range(0, recordsBySession.Length)
            .Where(s => recordsBySession[s] is not null)
            .Select(s => (Session: s, Records: recordsBySession[s].OrderBy(r => plays.Times[r]).ThenBy(r => r).ToArray()))
            .OrderBy(s => plays.Times[s.Records[0]]).ThenBy(s => s.Session)
            .ToList();
        var testCount = (int)Math.Round(testFraction * sessions.Count);
        var testSessions = sessions.Skip(sessions.Count - testCount).ToList();
        var isTest = new bool[plays.Count];
        foreach (var (_, records) in testSessions)
            foreach (var r in records) isTest[r] = true;

        var train = plays.ToMatrix(Enumerable.Range(0, plays.Count).Where(r => !isTest[r]));
        return new SessionSplit(train, [.. testSessions.Select(s => s.Records.Select(r => plays.ItemIndices[r]).ToArray())]);
    }
}
