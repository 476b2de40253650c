namespace OpenMrs.Contracts.Events;

/// <summary>What the listener did. Serialised as lower-case text on the wire.</summary>
public enum ListenKind
{
    Play,
    Skip,
    Like,
    Dislike,
    /// <summary>The listener never wants the track again; stronger than a dislike.</summary>
    Ban,
    /// <summary>Added to a library or playlist.</summary>
    Save,
}
