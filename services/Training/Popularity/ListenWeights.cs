using OpenMrs.Contracts.Events;

namespace OpenMrs.Training.Popularity;

/// <summary>
/// How much one listen adds to a track's popularity: a like says most, a save a lot, a play counts once, a skip
/// takes a little away; dislikes and bans are personal signals (handled by Serving's re-ranking) and add nothing.
/// </summary>
public static class ListenWeights
{
    public const double Play = 1.0;
    public const double Save = 2.0;
    public const double Like = 3.0;
    public const double Skip = -0.5;
    public const double Dislike = 0.0;
    public const double Ban = 0.0;

    public static double Of(ListenKind kind) => kind switch
    {
        ListenKind.Play => Play,
        ListenKind.Save => Save,
        ListenKind.Like => Like,
        ListenKind.Skip => Skip,
        ListenKind.Dislike => Dislike,
        ListenKind.Ban => Ban,
        _ => 0.0,
    };
}
