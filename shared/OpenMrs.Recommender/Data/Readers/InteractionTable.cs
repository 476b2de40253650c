namespace OpenMrs.Recommender.Data.Readers;

/// <summary>
/// Interaction records in columnar form with dense user, item and session indices. Keeps what a matrix loses (each
/// play's time and session) for time-based splits and sequence evaluation. <see cref="Load"/> numbers the ids it adds
/// in ordinal order of the id strings, so nothing built from a table depends on the order of the file's rows; the
/// records themselves stay in file order, and <see cref="TimeOrder"/> gives them in time order.
/// </summary>
public sealed class InteractionTable
{
    private readonly List<int> _users = [];
    private readonly List<int> _items = [];
    private readonly List<float> _counts = [];
    private readonly List<long> _times = [];
    private readonly List<int> _sessions = [];

    public InteractionTable(IdMap? users = null, IdMap? items = null)
    {
        Users = users ?? new IdMap();
        Items = items ?? new IdMap();
    }

    public IdMap Users { get; }
    public IdMap Items { get; }
    public IdMap Sessions { get; } = new();

    public int Count => _users.Count;

    /// <summary>True when every record had a time.</summary>
    public bool HasTimes { get; private set; } = true;

    public IReadOnlyList<int> UserIndices => _users;
    public IReadOnlyList<int> ItemIndices => _items;
    public IReadOnlyList<float> Counts => _counts;

    /// <summary>Unix seconds per record; <see cref="long.MinValue"/> where the record had none.</summary>
    public IReadOnlyList<long> Times => _times;

    /// <summary>Session index per record; -1 where the record had none.</summary>
    public IReadOnlyList<int> SessionIndices => _sessions;

    /// <summary>
    /// Reads every record, then renumbers the users, items and sessions it added in ordinal order of their ids (ids
    /// already in the given <paramref name="users"/> / <paramref name="items"/> maps keep their numbers, so a test file
    /// loaded on a training file's maps shares its indices).
    /// </summary>
    public static InteractionTable Load(IEnumerable<InteractionRecord> records, IdMap? users = null, IdMap? items = null)
    {
        var table = new InteractionTable(users, items);
        int knownUsers = table.Users.Count, knownItems = table.Items.Count;
        foreach (var record in records) table.Add(record);
        Renumber(table._users, table.Users.SortFrom(knownUsers));
        Renumber(table._items, table.Items.SortFrom(knownItems));
        Renumber(table._sessions, table.Sessions.SortFrom(0));
        return table;
    }

    private static void Renumber(List<int> indices, int[] newIndex)
    {
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(indices);
        for (var r = 0; r < span.Length; r++)
            if (span[r] >= 0) span[r] = newIndex[span[r]];
    }

    /// <summary>
    /// The record indices in time order. Records of the same second are ordered by item, then user, session and count
    /// (indices, which <see cref="Load"/> numbers by id), so the order never depends on the file's row order; records
    /// equal in all of these are interchangeable. Records without a time come first.
    /// </summary>
    public int[] TimeOrder()
    {
        var order = Enumerable.Range(0, Count).ToArray();
        Array.Sort(order, (a, b) =>
        {
            var c = _times[a].CompareTo(_times[b]);
            if (c == 0) c = _items[a].CompareTo(_items[b]);
            if (c == 0) c = _users[a].CompareTo(_users[b]);
            if (c == 0) c = _sessions[a].CompareTo(_sessions[b]);
            if (c == 0) c = _counts[a].CompareTo(_counts[b]);
            return c;
        });
        return order;
    }

    public void Add(InteractionRecord record)
    {
        _users.Add(Users.GetOrAdd(record.User));
        _items.Add(Items.GetOrAdd(record.Item));
        _counts.Add(record.Count);
        _times.Add(record.Time ?? long.MinValue);
        _sessions.Add(record.Session is { } session ? Sessions.GetOrAdd(session) : -1);
        if (record.Time is null) HasTimes = false;
    }

    /// <summary>The user × item matrix of summed counts, sized to the current id maps.</summary>
    public InteractionMatrix ToMatrix() => ToMatrix(Enumerable.Range(0, Count));

    /// <summary>The matrix of the chosen records only (same id maps, so train and test matrices share indices).</summary>
    public InteractionMatrix ToMatrix(IEnumerable<int> records)
    {
        var builder = new CsrBuilder(Users.Count, Items.Count);
        foreach (var r in records) builder.Add(_users[r], _items[r], _counts[r]);
        return new InteractionMatrix(Users, Items, builder.Build());
    }
}
