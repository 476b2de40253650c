namespace OpenMrs.Audio.Models;

/// <summary>How a track's log-mel becomes model inputs.</summary>
public enum AudioInputFraming
{
    /// <summary>One input of Frames frames from the middle of the track (zero-padded when shorter).</summary>
    CentreCrop,
    /// <summary>Patches of Frames frames overlapping by half; the ends are trimmed and the patch embeddings averaged.</summary>
    Patches,
}
