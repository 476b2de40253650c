namespace OpenMrs.Audio.Models;

/// <summary>Builds a CNN from its spec; the known architectures by name.</summary>
public static class AudioCnnFactory
{
    public static IReadOnlyList<string> Architectures { get; } =
        [ShortChunkCnn.ArchitectureName, TemporalConvCnn.ArchitectureName, PatchCnn.ArchitectureName];

    /// <summary>The default spec of an architecture ("cnn-m" default model, "cnn-a", "cnn-c").</summary>
    public static AudioCnnSpec DefaultSpec(string architecture) => architecture switch
    {
        TemporalConvCnn.ArchitectureName => TemporalConvCnn.DefaultSpec(),
        PatchCnn.ArchitectureName => PatchCnn.DefaultSpec(),
        ShortChunkCnn.ArchitectureName => ShortChunkCnn.DefaultSpec(),
        _ => throw UnknownArchitecture(architecture),
    };

    public static AudioCnn Create(AudioCnnSpec spec) => spec.Architecture switch
    {
        TemporalConvCnn.ArchitectureName => new TemporalConvCnn(spec),
        PatchCnn.ArchitectureName => new PatchCnn(spec),
        ShortChunkCnn.ArchitectureName => new ShortChunkCnn(spec),
        _ => throw UnknownArchitecture(spec.Architecture),
    };

    private static ArgumentException UnknownArchitecture(string name) =>
        new($"Unknown audio CNN architecture '{name}'; known: {string.Join(", ", Architectures)}.");
}
