using System.Globalization;
using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Data.Readers;

namespace OpenMrs.Recommender.Evaluation.Sequences;

/// <summary>
/// Training interactions plus held-out listening sessions, each an item sequence in time order.
/// <see cref="Train"/> is the user × item matrix of the training plays (whole histories, for models such as item kNN);
/// <see cref="TrainSessions"/> holds the same plays as session × item rows whose values are 1-based play positions
/// (a repeated track keeps its last position), the shape session models (<see cref="Models.ISessionRecommender"/>) fit on.
/// </summary>
public sealed record SessionSplit(InteractionMatrix Train, IReadOnlyList<int[]> TestSessions)
{
    private const long SecondsPerDay = 86_400;

    /// <summary>Training sessions as rows, values play positions; null only for splits built by hand.</summary>
    public InteractionMatrix? TrainSessions { get; init; }

    /// <summary>Held-out plays removed by <see cref="WithoutUnseenItems"/> because their track has no training play.</summary>
    public long DroppedUnseenPlays { get; init; }

    /// <summary>Held-out sessions removed by <see cref="WithoutUnseenItems"/> because fewer than two plays were left.</summary>
    public int DroppedShortSessions { get; init; }

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
        var sessions = SessionsInTimeOrder(plays).OrderBy(s => plays.Times[s[0]]).ThenBy(s => plays.SessionIndices[s[0]]).ToList();
        var testCount = (int)Math.Round(testFraction * sessions.Count);
        if (testCount == 0)
            throw new DegenerateDataException(string.Create(CultureInfo.InvariantCulture,
                $"{testFraction * 100:0.##}% of {sessions.Count} session(s) rounds to no held-out session; use a larger file or a larger test fraction"));
        var split = Build(plays, sessions[..^testCount], sessions[^testCount..], $"holding out {testCount} of {sessions.Count} session(s)");
        NextItemEvaluator.RequireScorableSteps(split.Train.UserItems, split.TestSessions);
        return split;
    }

    /// <summary>
    /// The session-rec / GRU4Rec time protocol: with t_max the latest play, the sessions whose <b>last</b> play is after
    /// t_max − <paramref name="days"/>·86,400 s are held out whole, every earlier session is training data. With
    /// <paramref name="validation"/> that test part is dropped and the same rule is applied again to the training part
    /// (its own t_max), giving the validation split on which hyperparameters are chosen without touching the test part.
    /// Records without a session are training data.
    /// </summary>
    /// <exception cref="DegenerateDataException">No session, or every session, ends in the last days.</exception>
    public static SessionSplit LastDays(InteractionTable plays, int days = 1, bool validation = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(days);
        var sessions = SessionsInTimeOrder(plays);
        if (sessions.Count == 0) throw new DegenerateDataException("the data has no sessions to split");
        var (train, test) = SplitAtLastDays(plays, sessions, days);
        if (validation)
        {
            if (train.Count == 0) throw new DegenerateDataException($"every one of the {sessions.Count} session(s) ends in the last {days} day(s); nothing is left to validate on");
            (train, test) = SplitAtLastDays(plays, train, days);
        }
        return Build(plays, train, test,
            $"holding out the {test.Count} of {train.Count + test.Count} session(s) that end in the last {days} day(s){(validation ? " of the training part" : "")}");
    }

    private static (List<List<int>> Train, List<List<int>> Test) SplitAtLastDays(InteractionTable plays, List<List<int>> sessions, int days)
    {
        var cut = sessions.Max(s => plays.Times[s[^1]]) - days * SecondsPerDay;
        return ([.. sessions.Where(s => plays.Times[s[^1]] <= cut)], [.. sessions.Where(s => plays.Times[s[^1]] > cut)]);
    }

    /// <summary>
    /// Train and test from two files: every play of <paramref name="train"/> is training data and every session of
    /// <paramref name="test"/> is held out. <paramref name="test"/> must be loaded on the training table's user and item
    /// maps (<c>InteractionTable.Load(records, train.Users, train.Items)</c>) so indices agree.
    /// </summary>
    /// <exception cref="DegenerateDataException">The test file has no session.</exception>
    public static SessionSplit Explicit(InteractionTable train, InteractionTable test)
    {
        if (!ReferenceEquals(train.Items, test.Items)) throw new ArgumentException("the test table must share the training table's item map", nameof(test));
        var testSessions = SessionsInTimeOrder(test).OrderBy(s => test.Times[s[0]]).ThenBy(s => test.SessionIndices[s[0]]).ToList();
        if (testSessions.Count == 0) throw new DegenerateDataException("the test file holds no session");
        return new SessionSplit(train.ToMatrix(), [.. testSessions.Select(records => records.Select(r => test.ItemIndices[r]).ToArray())])
        {
            TrainSessions = SessionRows(train, SessionsInTimeOrder(train)),
        };
    }

    /// <summary>
    /// Removes from every held-out session the plays of tracks that have no training play (no model can rank them,
    /// as the 30Music README and session-rec do), then the sessions left with fewer than two plays; both are counted.
    /// </summary>
    /// <exception cref="DegenerateDataException">No held-out step is left to score.</exception>
    public SessionSplit WithoutUnseenItems()
    {
        var known = new bool[Train.ItemCount];
        foreach (var item in Train.UserItems.ColumnIndices) known[item] = true;
        long dropped = 0;
        var kept = new List<int[]>();
        foreach (var session in TestSessions)
        {
            var seen = session.Where(i => (uint)i < (uint)known.Length && known[i]).ToArray();
            dropped += session.Length - seen.Length;
            if (seen.Length >= 2) kept.Add(seen);
        }
        if (kept.Count == 0)
            throw new DegenerateDataException(string.Create(CultureInfo.InvariantCulture,
                $"none of the {TestSessions.Count} held-out session(s) keeps two plays of tracks seen in training; use a larger file"));
        return this with { TestSessions = kept, DroppedUnseenPlays = DroppedUnseenPlays + dropped, DroppedShortSessions = DroppedShortSessions + TestSessions.Count - kept.Count };
    }

    /// <summary>Record indices of each session, in <see cref="InteractionTable.TimeOrder"/>; records without a session are left out.</summary>
    private static List<List<int>> SessionsInTimeOrder(InteractionTable plays)
    {
        if (!plays.HasTimes) throw new InvalidOperationException("a session split needs a time on every record");
        if (plays.Sessions.Count == 0) throw new InvalidOperationException("the data has no sessions (use the 30music or sessions format)");
        var recordsBySession = new List<int>[plays.Sessions.Count];
        foreach (var r in plays.TimeOrder())
            if (plays.SessionIndices[r] is var s and >= 0) (recordsBySession[s] ??= []).Add(r);
        return [.. recordsBySession.Where(records => records is not null)];
    }

    private static SessionSplit Build(InteractionTable plays, List<List<int>> trainSessions, List<List<int>> testSessions, string what)
    {
        if (testSessions.Count == 0) throw new DegenerateDataException($"{what} holds out no session; use a larger file or a larger test part");
        var isTrain = Enumerable.Range(0, plays.Count).Select(r => plays.SessionIndices[r] < 0).ToArray();
        foreach (var records in trainSessions)
            foreach (var r in records) isTrain[r] = true;
        var train = plays.ToMatrix(Enumerable.Range(0, plays.Count).Where(r => isTrain[r]));
        if (train.UserItems.NonZeros == 0)
            throw new DegenerateDataException($"{what} leaves no training plays; use a larger file or a smaller test part");
        var split = new SessionSplit(train, [.. testSessions.Select(records => records.Select(r => plays.ItemIndices[r]).ToArray())])
        {
            TrainSessions = SessionRows(plays, trainSessions),
        };
        return split;
    }

    /// <summary>
    /// Session × item rows, values the 1-based position of the track's last play in the session; rows are numbered by
    /// the session's first play (ties by session index), so a higher row is a more recent session.
    /// </summary>
    private static InteractionMatrix SessionRows(InteractionTable plays, List<List<int>> sessions)
    {
        sessions = [.. sessions.OrderBy(s => plays.Times[s[0]]).ThenBy(s => plays.SessionIndices[s[0]])];
        var ids = new IdMap(sessions.Select(s => plays.Sessions[plays.SessionIndices[s[0]]]));
        var triplets = new List<(int, int, float)>();
        for (var row = 0; row < sessions.Count; row++)
        {
            var last = new Dictionary<int, int>();
            for (var p = 0; p < sessions[row].Count; p++) last[plays.ItemIndices[sessions[row][p]]] = p + 1;
            triplets.AddRange(last.Select(pair => (row, pair.Key, (float)pair.Value)));
        }
        return new InteractionMatrix(ids, plays.Items, CsrMatrix.FromTriplets(sessions.Count, plays.Items.Count, triplets));
    }
}
