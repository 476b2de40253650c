namespace OpenMrs.Audio.Models;

/// <summary>The JSON header in front of a weights file's state dict.</summary>
public sealed record AudioModelHeader
{
    public const int CurrentFormat = 1;

    public int Format { get; init; } = CurrentFormat;
    /// <summary>The model version recorded with every embedding it produces, e.g. "cnn-a/2026-11-22" or "cnn-m/random-seed-1".</summary>
    public required string Version { get; init; }
    public required bool Trained { get; init; }
    public required AudioCnnSpec Spec { get; init; }
    public DateTimeOffset SavedAt { get; init; } = DateTimeOffset.UtcNow;
}
