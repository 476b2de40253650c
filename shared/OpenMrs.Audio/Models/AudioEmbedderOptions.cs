using OpenMrs.Audio.Torch;

namespace OpenMrs.Audio.Models;

/// <summary>Configuration of an <see cref="AudioEmbedder"/> (section "Audio:Embedder" in the services' settings).</summary>
public sealed record AudioEmbedderOptions
{
    /// <summary>Architecture for a seeded random model when no weights file is given: "cnn-m" (default), "cnn-a" or "cnn-c".</summary>
    public string Architecture { get; init; } = ShortChunkCnn.ArchitectureName;

    /// <summary>A weights file written by <see cref="AudioModelFile.Save"/>; when set it must exist, and its header decides the architecture.</summary>
    public string? WeightsPath { get; init; }

    /// <summary>Seed of the random initialisation used without a weights file; the version reads "ARCH/random-seed-SEED".</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Model inputs (clips, or patches for cnn-c) per forward pass.</summary>
    public int BatchSize { get; init; } = 8;

    public TorchRuntimeOptions Runtime { get; init; } = new();
}
