using OpenMrs.Audio.Models;

namespace OpenMrs.Features.Training;

/// <summary>What to train: the WALS version to learn from, the CNN and head, the schedule and the validation split.</summary>
public sealed record CnnTrainingRequest
{
    /// <summary>Kind under which trained CNNs are published.</summary>
    public const string ModelKind = "audio-cnn";
    /// <summary>Kind of the published WALS models whose item factors are the targets.</summary>
    public const string FactorKind = "als";

    /// <summary>The <c>als</c> version whose item factors are the targets; null = the newest.</summary>
    public string? AlsVersion { get; init; }
    /// <summary>"cnn-a" (A, default), "cnn-c" (C's patch CNN) or "cnn-m".</summary>
    public string Architecture { get; init; } = TemporalConvCnn.ArchitectureName;
    /// <summary>TanhRegression (A) or Cosine (C); null = Cosine for cnn-c, else TanhRegression.</summary>
    public AudioHeadKind? Head { get; init; }
    /// <summary>Overrides of the architecture's input size (smaller inputs train faster on a CPU); null = its default.</summary>
    public int? MelBands { get; init; }
    public int? Frames { get; init; }
    /// <summary>Overrides of the architecture's published schedule (<see cref="AudioTrainingOptions.For"/>); null = default.</summary>
    public int? Epochs { get; init; }
    public int? BatchSize { get; init; }
    public double? LearningRate { get; init; }
    public int Patience { get; init; } = 5;
    public double ValidationFraction { get; init; } = 0.1;
    public int Seed { get; init; } = 1;
    /// <summary>Most tracks used (those with both audio and factors, in id order); null = all.</summary>
    public int? MaxTracks { get; init; }

    public AudioHeadKind ResolvedHead => Head ?? (Architecture == PatchCnn.ArchitectureName ? AudioHeadKind.Cosine : AudioHeadKind.TanhRegression);

    /// <summary>The CNN's spec for factors of length <paramref name="factors"/>: the cosine head's embedding is the prediction, so it has that length too.</summary>
    /// <exception cref="CnnTrainingException">Unknown architecture, a classification head, or an input size the architecture cannot take.</exception>
    public AudioCnnSpec Spec(int factors)
    {
        if (!AudioCnnFactory.Architectures.Contains(Architecture))
            throw new CnnTrainingException($"unknown architecture '{Architecture}'; known: {string.Join(", ", AudioCnnFactory.Architectures)}");
        var head = ResolvedHead;
        if (head == AudioHeadKind.Classification) throw new CnnTrainingException("the classification head has no factor targets; use tanh or cosine");
        var spec = AudioCnnFactory.DefaultSpec(Architecture) with { Head = head, Outputs = factors };
        if (head == AudioHeadKind.Cosine) spec = spec with { EmbeddingDimension = factors };
        if (MelBands is { } mels) spec = spec with { MelBands = mels };
        if (Frames is { } frames) spec = spec with { Frames = frames };
        try
        {
            using var probe = AudioCnnFactory.Create(spec); // the architecture checks the input size
        }
        catch (ArgumentException e)
        {
            throw new CnnTrainingException(e.Message, e);
        }
        return spec;
    }

    /// <summary>The training schedule: the architecture's defaults with this request's overrides.</summary>
    public AudioTrainingOptions Training()
    {
        var options = AudioTrainingOptions.For(Architecture);
        return options with
        {
            Epochs = Epochs ?? options.Epochs,
            BatchSize = BatchSize ?? options.BatchSize,
            LearningRate = LearningRate ?? options.LearningRate,
            Seed = Seed,
        };
    }
}
