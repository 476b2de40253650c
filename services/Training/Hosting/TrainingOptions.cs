namespace OpenMrs.Training.Hosting;

/// <summary>Configuration section <c>Training</c>.</summary>
public sealed class TrainingOptions
{
    public const string Section = "Training";

    /// <summary>How often the publisher checks for new counts and, when they changed, publishes a model.</summary>
    public TimeSpan PublishInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Listens lose half their weight after this much event time.</summary>
    public TimeSpan PopularityHalfLife { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How many tracks a popularity model holds at most (the best ones).</summary>
    public int PopularityModelSize { get; set; } = 10_000;

    /// <summary>Recent event ids remembered per <c>listens</c> partition for idempotent counting.</summary>
    public int DedupWindowPerPartition { get; set; } = 20_000;

    /// <summary>Prefix of the Training service's consumer groups: <c>{prefix}-listens</c> and <c>{prefix}-tracks</c> (one group per topic).</summary>
    public string ConsumerGroup { get; set; } = "training";
}
