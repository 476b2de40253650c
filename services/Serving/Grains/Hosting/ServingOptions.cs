using OpenMrs.Serving.Grains.Continuation;
using OpenMrs.Serving.Grains.Experiments;
using OpenMrs.Serving.Grains.Ranking.Scoring;

namespace OpenMrs.Serving.Grains.Hosting;

/// <summary>Configuration section <c>Serving</c>.</summary>
public sealed class ServingOptions
{
    public const string Section = "Serving";

    /// <summary>How long a ranked list stays in the cache. The key already changes with state and model version.</summary>
    public TimeSpan CacheTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Entries the in-process cache holds at most (used when no Redis is configured).</summary>
    public int InProcessCacheEntries { get; set; } = 100_000;

    /// <summary>Lists the in-process near cache in front of Redis holds at most; 0 sends every read to Redis.</summary>
    public int NearCacheEntries { get; set; } = 20_000;

    /// <summary>How long ranked lists gather before they are written to Redis as one batch (<see cref="Caching.RedisListWriter"/>); zero sends each batch as soon as a list queues.</summary>
    public TimeSpan CacheWriteWindow { get; set; } = Caching.RedisListWriter.DefaultBatchWindow;

    /// <summary>Items per list when the request names no count.</summary>
    public int DefaultCount { get; set; } = 10;

    /// <summary>The largest count a request may ask for.</summary>
    public int MaxCount { get; set; } = 200;

    /// <summary>Tracks of one artist within a list before the rest move down; 0 turns the cap off.</summary>
    public int ArtistCap { get; set; } = 3;

    /// <summary>Write a user's state after this many applied events (1 = write on every event).</summary>
    public int StateWriteAfterEvents { get; set; } = 20;

    /// <summary>Write a user's pending state at least this often.</summary>
    public TimeSpan StateWriteDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Consumer group of the silos on <c>listens</c>.</summary>
    public string ListensConsumerGroup { get; set; } = "serving";

    /// <summary>The personal factor model's kind (fold-in and collaborative candidates); empty turns personal ranking off.</summary>
    public string PersonalModel { get; set; } = "als";

    /// <summary>The item-neighbour model's kind ("because you played X"); empty turns it off.</summary>
    public string NeighbourModel { get; set; } = "rp3b";

    /// <summary>The ranker model's kind: any published model that scores a listener's history (the learned blend by default); empty turns it off.</summary>
    public string RankerModel { get; set; } = "blend";

    /// <summary>The playlist continuation's sequence model kind (DISCO's recurrent next-track predictor); empty keeps repeat-the-last-track.</summary>
    public string SequenceModel { get; set; } = OpenMrs.Recommender.Sequences.SequenceModel.Kind;

    /// <summary>
    /// Personal models with more items than this find collaborative candidates with an approximate (USearch HNSW)
    /// index, built in the background when the model loads; smaller ones, and larger ones until the index is built,
    /// use the exact scan.
    /// </summary>
    public int AnnAboveItems { get; set; } = 1_000_000;

    /// <summary>
    /// Audio neighbours (candidates and similar tracks by sound) search an approximate USearch index above this many
    /// embeddings and an exact one below (<see cref="Content.AudioNeighbourIndex"/>). Unit-length embeddings give the
    /// exact search no norm to prune by, so it reads every track: at 100,000 it costs more than the rest of a miss.
    /// </summary>
    public int AudioAnnAboveTracks { get; set; } = 20_000;

    /// <summary>
    /// Candidates each generator proposes at most for a list, unless the list asks for more (4 per item). Most stages
    /// of a miss cost in proportion, so this sets most of a miss's CPU; fewer leave the blend less to choose from. The
    /// default was chosen on validation splits (the scoring-weights benchmark's candidate-budget sweep, Serving README).
    /// </summary>
    public int CandidatesPerGenerator { get; set; } = Ranking.Candidates.CandidateBudget.DefaultPerGenerator;

    /// <summary>Rankings (lists, similar tracks, continuations) one silo runs at once; 0 = one per core (<see cref="Ranking.RankingGate"/>).</summary>
    public int RankingConcurrency { get; set; }

    /// <summary>Rankings that may wait for a free core; beyond them a request gets 503 with Retry-After at once. At about a
    /// millisecond of CPU per list, the default 2,048 is about a second of waiting on two cores.</summary>
    public int RankingQueueLimit { get; set; } = 2_048;

    /// <summary>How candidates are scored (<c>Serving:Scoring:Collaborative</c>, ...).</summary>
    public ScoringWeights Scoring { get; set; } = new();

    /// <summary>Tracks played or skipped longer ago than this (event time) may be recommended again; null = never again. Liked, disliked and banned tracks never come back.</summary>
    public TimeSpan? HeardWindow { get; set; }

    /// <summary>Tracks first announced on <c>tracks</c> within this window get the freshness boost, fading linearly to 0.</summary>
    public TimeSpan FreshnessWindow { get; set; } = TimeSpan.FromDays(14);

    /// <summary>MMR λ when a request names no <c>diversity</c>; 0 ranks by relevance alone.</summary>
    public double DefaultDiversity { get; set; }

    /// <summary>Playlist continuation: the next-track rule's weights and the candidate pool (<c>Serving:Continuation:Alpha</c>, ...).</summary>
    public ContinuationOptions Continuation { get; set; } = new();

    /// <summary>The A/B experiment, if any.</summary>
    public ExperimentOptions Experiment { get; set; } = new();
}
