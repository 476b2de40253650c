using OpenMrs.ModelStore.Formats;
using OpenMrs.Recommender.Data;
using OpenMrs.Training.Interactions;

namespace OpenMrs.Training.Cycles;

/// <summary>One evaluation user: the training history (track ids with weights) and the tracks held out of it.</summary>
public sealed record HoldoutUser(string UserId, IReadOnlyList<(string TrackId, float Weight)> History, IReadOnlySet<string> HeldOut);

/// <summary>
/// The data of one training cycle, split in event time: positive interactions first seen before the cut train the
/// candidate; those first seen at or after it (the newest <c>fraction</c> of them) are held out, and every user
/// with both is an evaluation user. Held-out tracks the training part never saw stay in the targets and count as
/// misses for every model alike. <see cref="All"/> is every positive interaction, for the final refit.
/// </summary>
public sealed class HoldoutSlice
{
    private readonly IReadOnlyDictionary<(string User, string Track), DateTimeOffset> _heldOutFirstSeen;

    private HoldoutSlice(
        InteractionMatrix train, InteractionMatrix all, IReadOnlyList<HoldoutUser> users, DateTimeOffset? from, DateTimeOffset? to, DateTimeOffset? cut,
        IReadOnlyDictionary<(string User, string Track), DateTimeOffset> heldOutFirstSeen)
    {
        _heldOutFirstSeen = heldOutFirstSeen;
        Train = train;
        All = all;
        Users = users;
        DataFrom = from;
        DataTo = to;
        Cut = cut;
    }

    public InteractionMatrix Train { get; }
    public InteractionMatrix All { get; }
    public IReadOnlyList<HoldoutUser> Users { get; }
    public DateTimeOffset? DataFrom { get; }
    public DateTimeOffset? DataTo { get; }

    /// <summary>Interactions first seen at or after this time are held out; null when there is no data.</summary>
    public DateTimeOffset? Cut { get; }

    /// <summary>
    /// The evaluation users with only their held-out tracks first seen after <paramref name="trainedThrough"/>: what a
    /// model fitted on data up to that time (the published version, refitted on all data) has never seen, so it can
    /// be compared fairly with a candidate fitted before the cut. Users left with no such track are dropped.
    /// </summary>
    public IReadOnlyList<HoldoutUser> UsersNewerThan(DateTimeOffset trainedThrough) =>
    [
        .. Users.Select(user => user with
            {
                HeldOut = user.HeldOut.Where(track => _heldOutFirstSeen[(user.UserId, track)] > trainedThrough).ToHashSet(StringComparer.Ordinal),
            })
            .Where(user => user.HeldOut.Count > 0),
    ];

    /// <param name="interactions">The store's export.</param>
    /// <param name="durationMs">A track's duration, null when unknown (plays then count as complete).</param>
    /// <param name="fraction">Share of positive interactions held out, in (0, 1).</param>
    public static HoldoutSlice Create(
        IReadOnlyList<Interaction> interactions, FeedbackWeights weights, Func<string, int?> durationMs, double fraction)
    {
        if (fraction is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "the held-out fraction must lie in (0, 1)");
        var positives = new List<(Interaction Interaction, float Weight)>(interactions.Count);
        foreach (var interaction in interactions)
        {
            var weight = (float)weights.Weight(interaction.Counts, durationMs(interaction.TrackId));
            if (weight > 0) positives.Add((interaction, weight));
        }
        if (positives.Count == 0)
        {
            var empty = new InteractionMatrix(new IdMap(), new IdMap(), new CsrMatrix(0, 0, [0], [], []));
            return new HoldoutSlice(empty, empty, [], null, null, null, new Dictionary<(string, string), DateTimeOffset>());
        }

        var byFirstSeen = positives.Select(p => p.Interaction.FirstAt).Order().ToArray();
        var cut = byFirstSeen[Math.Clamp((int)Math.Floor(byFirstSeen.Length * (1 - fraction)), 0, byFirstSeen.Length - 1)];
        var train = positives.Where(p => p.Interaction.FirstAt < cut).ToList();
        var heldOut = positives.Where(p => p.Interaction.FirstAt >= cut)
            .GroupBy(p => p.Interaction.UserId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlySet<string>)g.Select(p => p.Interaction.TrackId).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var users = train.GroupBy(p => p.Interaction.UserId, StringComparer.Ordinal)
            .Where(g => heldOut.ContainsKey(g.Key))
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new HoldoutUser(g.Key, g.Select(p => (p.Interaction.TrackId, p.Weight)).ToList(), heldOut[g.Key]))
            .ToList();
        var heldOutFirstSeen = positives.Where(p => p.Interaction.FirstAt >= cut)
            .ToDictionary(p => (p.Interaction.UserId, p.Interaction.TrackId), p => p.Interaction.FirstAt);
        return new HoldoutSlice(Matrix(train), Matrix(positives), users,
            positives.Min(p => p.Interaction.FirstAt), positives.Max(p => p.Interaction.LastAt), cut, heldOutFirstSeen);
    }

    private static InteractionMatrix Matrix(IReadOnlyList<(Interaction Interaction, float Weight)> cells)
    {
        var users = new IdMap(cells.Select(c => c.Interaction.UserId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        var items = new IdMap(cells.Select(c => c.Interaction.TrackId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        var matrix = CsrMatrix.FromTriplets(users.Count, items.Count,
            cells.Select(c => (Index(users, c.Interaction.UserId), Index(items, c.Interaction.TrackId), c.Weight)));
        return new InteractionMatrix(users, items, matrix);
    }

    private static int Index(IdMap map, string id) => map.TryGetIndex(id, out var i) ? i : throw new InvalidOperationException($"id '{id}' missing from its map");
}
