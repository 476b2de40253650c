using OpenMrs.Audio.Sequences;

namespace OpenMrs.Training.Hosting;

/// <summary>Configuration section <c>Training:Sequence</c>: the next-track descriptor model of playlist continuation (ALGORITHMS.md D).</summary>
public sealed class SequenceModelTrainingOptions
{
    /// <summary>Train and publish <c>sequence</c> from the listening sessions.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Train in every this-many-th training cycle (1: every cycle).</summary>
    public int EveryCycles { get; set; } = 1;

    /// <summary>A session ends after this much inactivity (event time) between two listens.</summary>
    public TimeSpan SessionGap { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Keep skipped tracks in the sessions (by default only plays make a session).</summary>
    public bool IncludeSkips { get; set; }

    /// <summary>Described tracks a session needs to be used (a prefix of two and a target).</summary>
    public int MinSessionTracks { get; set; } = 3;

    /// <summary>Usable sessions needed before a model is trained.</summary>
    public int MinSessions { get; set; } = 20;

    /// <summary>Per cycle: the newest sessions used at most, and no more sessions once they name this many tracks.</summary>
    public int MaxSessions { get; set; } = 20_000;

    public int MaxTracks { get; set; } = 100_000;

    /// <summary>
    /// The listen log's bounds: the newest listens kept per user, and users kept (least recently active evicted). The log costs
    /// about 16 bytes a listen (40 MB at the defaults) and a cycle copies it once (about 24 bytes a listen) to cut sessions.
    /// </summary>
    public int ListensPerUser { get; set; } = 50;

    public int MaxUsers { get; set; } = 50_000;

    /// <summary>The network and its training (<see cref="SequenceTrainingOptions"/>): GRU width and depth, epochs, early stopping, validation share.</summary>
    public int Hidden { get; set; } = 32;

    public int Layers { get; set; } = 2;

    public int MaxEpochs { get; set; } = 100;

    public int Patience { get; set; } = 8;

    public double ValidationFraction { get; set; } = 0.2;

    public int MaxSessionLength { get; set; } = 50;

    public int Seed { get; set; } = 7;

    public SequenceTrainingOptions ToNetworkOptions() => new()
    {
        Hidden = Hidden, Layers = Layers, MaxEpochs = MaxEpochs, Patience = Patience, ValidationFraction = ValidationFraction,
        MaxSessionLength = MaxSessionLength, Seed = Seed,
    };

    /// <summary>True when the values are in range (the network's own checks included).</summary>
    public bool IsValid()
    {
        if (EveryCycles < 1 || SessionGap <= TimeSpan.Zero || MinSessionTracks < 2 || MinSessions < 2 || MaxSessions < 2 || MaxTracks < 1
            || ListensPerUser < 2 || MaxUsers < 1) return false;
        try
        {
            ToNetworkOptions().Validate();
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
