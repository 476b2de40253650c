using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenMrs.ModelStore.Hosting;
using OpenMrs.Serving.Grains.Caching;
using OpenMrs.Serving.Grains.Experiments;
using OpenMrs.Serving.Grains.Models;
using OpenMrs.Serving.Grains.Ranking;
using OpenMrs.Serving.Grains.Ranking.Candidates;
using OpenMrs.Serving.Grains.Ranking.Candidates.FactorSearch;
using OpenMrs.Serving.Grains.Ranking.ReRanking;
using OpenMrs.Serving.Grains.Ranking.Scoring;
using OpenMrs.Serving.Grains.Recommendations;
using OpenMrs.Serving.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OpenMrs.Serving.Grains.Hosting;

public static class ServingGrainsServiceCollectionExtensions
{
    /// <summary>The configuration key of the Redis cache connection; without it the cache is in-process.</summary>
    public const string RedisConnectionStringKey = "Redis:ConnectionString";

    /// <summary>
    /// Registers what the grains use: the current model and its loader, the ranking pipeline, the ranked-list cache
    /// (Redis when <c>Redis:ConnectionString</c> is set, else in-process), the model store and the metrics.
    /// Does not add the Orleans silo or the Kafka consumers.
    /// </summary>
    public static IServiceCollection AddServingGrainServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ServingOptions>().Bind(configuration.GetSection(ServingOptions.Section))
            .Validate(o => o.MaxCount >= 1 && o.DefaultCount >= 1 && o.DefaultCount <= o.MaxCount, "Serving: need 1 <= DefaultCount <= MaxCount")
            .Validate(o => o.StateWriteAfterEvents >= 1 && o.StateWriteDelay > TimeSpan.Zero, "Serving: state writes need StateWriteAfterEvents >= 1 and a positive StateWriteDelay")
            .Validate(o => o.CacheTtl > TimeSpan.Zero && o.InProcessCacheEntries >= 1 && o.NearCacheEntries >= 0, "Serving: the cache needs a positive TTL and size")
            .Validate(o => o.CacheWriteWindow >= TimeSpan.Zero && o.CacheWriteWindow <= TimeSpan.FromSeconds(1), "Serving:CacheWriteWindow must lie in [0, 1 s]")
            .Validate(o => o.Scoring.IsValid(), "Serving:Scoring: weights must be finite and non-negative, SkipsForFullPenalty at least 1")
            .Validate(o => o.Continuation.IsValid(), "Serving:Continuation: Alpha, Beta, Gamma and Delta must be finite and non-negative, CandidatePool and MaxLength at least 1")
            .Validate(o => o.DefaultDiversity is >= 0 and <= 1, "Serving:DefaultDiversity must lie in [0, 1]")
            .Validate(o => o.FreshnessWindow > TimeSpan.Zero && (o.HeardWindow is null || o.HeardWindow > TimeSpan.Zero), "Serving: FreshnessWindow and HeardWindow must be positive")
            .Validate(o => o.AnnAboveItems >= 0 && o.AudioAnnAboveTracks >= 0, "Serving: AnnAboveItems and AudioAnnAboveTracks must not be negative")
            .Validate(o => o.CandidatesPerGenerator is >= 1 and <= CandidateBudget.MaxPerGenerator, $"Serving:CandidatesPerGenerator must lie in [1, {CandidateBudget.MaxPerGenerator}]")
            .Validate(o => o.RankingConcurrency >= 0 && o.RankingQueueLimit >= 0, "Serving: RankingConcurrency and RankingQueueLimit must not be negative")
            .Validate(o => o.Experiment.Variants.All(v => v.Name.Length > 0 && !v.Name.Contains(':') && double.IsFinite(v.Weight) && v.Weight > 0
                                                         && v.Diversity is null or (>= 0 and <= 1) && (v.Scoring?.IsValid() ?? true))
                           && o.Experiment.Variants.Select(v => v.Name).Distinct().Count() == o.Experiment.Variants.Count,
                "Serving:Experiment: each variant needs a unique name without ':', a positive weight, a diversity in [0, 1] and valid scoring weights")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<ServingMetrics>();
        services.AddModelStore(configuration);

        services.TryAddSingleton<ICurrentModel, CurrentModelHolder>();
        services.TryAddSingleton<ModelLoader>();
        services.AddHostedService<LatestModelStartupLoader>();

        services.TryAddSingleton(sp => new FactorIndexCache(
            sp.GetRequiredService<IOptions<ServingOptions>>().Value.AnnAboveItems, sp.GetRequiredService<ILogger<FactorIndexCache>>()));
        services.AddSingleton<ICandidateGenerator, CollaborativeCandidateGenerator>();
        services.AddSingleton<ICandidateGenerator, RankerCandidateGenerator>();
        services.AddSingleton<ICandidateGenerator>(NeighbourCandidateGenerator.History());
        services.AddSingleton<ICandidateGenerator>(NeighbourCandidateGenerator.Session());
        services.AddSingleton<ICandidateGenerator, AudioCandidateGenerator>();
        services.AddSingleton<ICandidateGenerator, Ranking.Candidates.ColdStart.ContentCandidateGenerator>();
        services.AddSingleton<ICandidateGenerator, PopularCandidateGenerator>();
        services.TryAddSingleton<Content.TrackEmbeddings>();
        services.TryAddSingleton(sp => new Content.AudioNeighbourIndex(sp.GetRequiredService<Content.TrackEmbeddings>(),
            sp.GetRequiredService<IOptions<ServingOptions>>().Value.AudioAnnAboveTracks, sp.GetRequiredService<ILogger<Content.AudioNeighbourIndex>>()));
        services.TryAddSingleton<Content.TrackFreshness>();
        services.TryAddSingleton<Content.TrackTexts>();
        services.TryAddSingleton<Content.CatalogueArtists>();
        services.TryAddSingleton<Content.ColdTrackFactors>();
        services.TryAddSingleton<Content.TrackDescriptorStore>();
        services.TryAddSingleton<Continuation.DescriptorScaling>();
        services.TryAddSingleton<Continuation.RepeatLastTrackPredictor>();
        services.TryAddSingleton<Continuation.NextTrackPredictors>();
        services.TryAddSingleton<Continuation.PlaylistContinuation>();
        services.TryAddSingleton<ICandidateScorer, BlendedScorer>();
        services.AddSingleton<IReRanker, ExcludeKnownTracksReRanker>();
        services.AddSingleton<IReRanker, MmrReRanker>();
        services.AddSingleton<IReRanker>(sp => new ArtistCapReRanker(sp.GetRequiredService<IOptions<ServingOptions>>().Value.ArtistCap));
        services.TryAddSingleton<RankingPipeline>();
        services.TryAddSingleton<RankingGate>();
        services.TryAddSingleton<CachedRecommender>();
        services.TryAddSingleton<VariantAssigner>();
        services.TryAddSingleton<VariantModels>();
        services.TryAddSingleton<SimilarTracks>();

        var redis = configuration[RedisConnectionStringKey];
        if (string.IsNullOrWhiteSpace(redis))
        {
            services.TryAddSingleton<IRankedListCache, InProcessRankedListCache>();
        }
        else
        {
            services.TryAddSingleton<StackExchange.Redis.IConnectionMultiplexer>(_ => RedisConnections.Connect(redis));
            services.TryAddSingleton<IRankedListCache, RedisRankedListCache>();
        }
        return services;
    }
}
