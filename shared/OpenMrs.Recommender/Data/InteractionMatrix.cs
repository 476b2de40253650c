namespace OpenMrs.Recommender.Data;

/// <summary>
/// A user × item matrix with the id maps that name its rows and columns. Values are play counts, ratings or
/// confidence weights, depending on who built it. <see cref="ItemUsers"/> is the transpose, computed once.
/// </summary>
public sealed class InteractionMatrix(IdMap users, IdMap items, CsrMatrix userItems)
{
    private CsrMatrix? _itemUsers;

    public IdMap Users { get; } = users;
    public IdMap Items { get; } = items;
    public CsrMatrix UserItems { get; } = userItems;
    public CsrMatrix ItemUsers => _itemUsers ??= UserItems.Transpose();

    public int UserCount => UserItems.Rows;
    public int ItemCount => UserItems.Columns;

    /// <summary>The same ids with other values (e.g. a train split or re-weighted counts).</summary>
    public InteractionMatrix WithValues(CsrMatrix userItems) => new(Users, Items, userItems);
}
