using OpenMrs.ModelStore.Formats;

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

    /// <summary>Comma-separated model kinds trained and published from the live stream (<c>als</c> is WALS, the primary one).</summary>
    public string PersonalModels { get; set; } = "als,rp3b,blend";

    /// <summary>
    /// Per kind, options over the catalogue defaults: <c>Training:ModelOptions:als:factors=64</c>. The blend learns its
    /// member weights on a validation split carved from the cycle's training part (<c>learn=true</c>).
    /// </summary>
    public Dictionary<string, Dictionary<string, string>> ModelOptions { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["blend"] = new(StringComparer.OrdinalIgnoreCase) { ["learn"] = "true" },
    };

    /// <summary>Typed feedback weights (<c>Training:Weights:Play</c>, <c>:Skip</c>, <c>:Like</c>, <c>:Save</c>), stored in every model file.</summary>
    public FeedbackWeights Weights { get; set; } = FeedbackWeights.Default;

    /// <summary>Retrain once this many new events arrived since the last cycle.</summary>
    public long RetrainAfterEvents { get; set; } = 10_000;

    /// <summary>Retrain at least this often while any new event arrived.</summary>
    public TimeSpan RetrainInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the trainer checks the two conditions above.</summary>
    public TimeSpan TrainCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Interactions not touched for this long (event time, before the newest event) leave the training data.</summary>
    public TimeSpan InteractionWindow { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Interactions kept at most; beyond it the least recently touched tenth is evicted.</summary>
    public int MaxInteractions { get; set; } = 20_000_000;

    /// <summary>Share of positive interactions, the newest by first sight, held out to evaluate each candidate.</summary>
    public double HoldoutFraction { get; set; } = 0.1;

    /// <summary>The guard refuses to judge (and keeps the current model) with fewer evaluation users than this.</summary>
    public int MinEvaluationUsers { get; set; } = 20;

    /// <summary>Evaluation users scored per model at most (a fixed sample).</summary>
    public int MaxEvaluationUsers { get; set; } = 2_000;

    /// <summary>A candidate is published unless its NDCG@10 is below the reference's by more than this relative amount.</summary>
    public double GuardTolerance { get; set; } = 0.05;

    /// <summary>
    /// Start WALS from the current version's item factors (mapped by track id) instead of a random draw. Off by default:
    /// measured (`--bench warm-start`), a warm start reaches the converged NDCG in 1–2 iterations instead of ~8, but
    /// at equal iterations it is no better than a cold start; turn it on together with fewer iterations
    /// (<c>Training:ModelOptions:als:iterations</c>) to cut training time.
    /// </summary>
    public bool WarmStart { get; set; }

    /// <summary>After the guard passes, refit on all the data (training and held-out parts) before publishing.</summary>
    public bool RefitOnAllData { get; set; } = true;

    /// <summary>The content-to-factors model of the cold start (<c>Training:ContentFactors</c>).</summary>
    public ContentFactorsTrainingOptions ContentFactors { get; set; } = new();

    public IReadOnlyList<string> PersonalModelKinds() =>
        [.. PersonalModels.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase)];
}
