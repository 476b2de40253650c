namespace OpenMrs.Audio.Sequences;

/// <summary>Hyper-parameters of <see cref="SequenceModelTrainer"/> (DISCO: 2 recurrent layers, MAE, Adam 1e-3).</summary>
public sealed record SequenceTrainingOptions
{
    public int Hidden { get; init; } = 32;
    public int Layers { get; init; } = 2;
    public double LearningRate { get; init; } = 1e-3;
    public int BatchSize { get; init; } = 32;
    public int MaxEpochs { get; init; } = 100;
    /// <summary>Epochs without a better validation MAE before training stops (the best epoch's weights are kept).</summary>
    public int Patience { get; init; } = 8;
    /// <summary>Share of the sessions held out for validation and early stopping.</summary>
    public double ValidationFraction { get; init; } = 0.2;
    /// <summary>Longer sessions keep their last this-many tracks.</summary>
    public int MaxSessionLength { get; init; } = 50;
    public int Seed { get; init; } = 7;

    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (Hidden < 1 || Layers < 1 || BatchSize < 1 || MaxEpochs < 1 || Patience < 1 || MaxSessionLength < 2
            || !(LearningRate > 0) || ValidationFraction is <= 0 or >= 1)
            throw new ArgumentException("sequence training: Hidden, Layers, BatchSize, MaxEpochs, Patience ≥ 1, MaxSessionLength ≥ 2, LearningRate > 0 and 0 < ValidationFraction < 1");
    }
}
