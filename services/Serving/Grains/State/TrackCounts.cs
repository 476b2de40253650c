namespace OpenMrs.Serving.Grains.State;

/// <summary>Mutable per-track counts inside <see cref="UserListeningState"/>.</summary>
[GenerateSerializer]
public sealed class TrackCounts
{
    [Id(0)] public int Plays { get; set; }
    [Id(1)] public int Skips { get; set; }
    [Id(2)] public int Likes { get; set; }
    [Id(3)] public int Saves { get; set; }
    [Id(4)] public DateTimeOffset LastAt { get; set; }
    /// <summary>Of <see cref="Plays"/>, those that reported milliseconds played.</summary>
    [Id(5)] public int TimedPlays { get; set; }
    /// <summary>Milliseconds played, summed over <see cref="TimedPlays"/>.</summary>
    [Id(6)] public long PlayedMs { get; set; }
}
