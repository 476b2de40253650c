namespace OpenMrs.Audio.Models;

public enum AudioOptimiser { SgdMomentum, Adam }

/// <summary>Optimiser and schedule for <see cref="AudioCnnTrainer"/>; <see cref="For"/> gives each architecture's published defaults.</summary>
public sealed record AudioTrainingOptions
{
    public AudioOptimiser Optimiser { get; init; } = AudioOptimiser.Adam;
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>SGD only.</summary>
    public double Momentum { get; init; } = 0.9;
    public double WeightDecay { get; init; }
    public int BatchSize { get; init; } = 25;
    public int Epochs { get; init; } = 50;
    /// <summary>Seeds the per-epoch reshuffling.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>A: SGD with momentum, lr 0.05, batch 25, 50 epochs. C and the default model: Adam 1e-3.</summary>
    public static AudioTrainingOptions For(string architecture) => architecture == TemporalConvCnn.ArchitectureName
        ? new AudioTrainingOptions { Optimiser = AudioOptimiser.SgdMomentum, LearningRate = 0.05, BatchSize = 25, Epochs = 50 }
        : new AudioTrainingOptions { Optimiser = AudioOptimiser.Adam, LearningRate = 1e-3, BatchSize = 25, Epochs = 50 };

    public void Validate()
    {
        if (LearningRate <= 0) throw new ArgumentException($"LearningRate must be positive, got {LearningRate}.");
        if (Momentum is < 0 or >= 1) throw new ArgumentException($"Momentum must be in [0, 1), got {Momentum}.");
        if (WeightDecay < 0) throw new ArgumentException($"WeightDecay must be non-negative, got {WeightDecay}.");
        if (BatchSize < 1 || Epochs < 1) throw new ArgumentException("BatchSize and Epochs must be at least 1.");
    }
}
