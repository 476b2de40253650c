using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenMrs.ModelStore.Formats;
using OpenMrs.ModelStore.Store;
using OpenMrs.Serving.GrainInterfaces.Users;
using OpenMrs.Serving.Grains.Caching;
using OpenMrs.Serving.Grains.Content;
using OpenMrs.Serving.Grains.Hosting;
using OpenMrs.Serving.Grains.Models;
using OpenMrs.Serving.Grains.Ranking.Candidates.FactorSearch;
using OpenMrs.Serving.Grains.Personalization;
using OpenMrs.Serving.Grains.Ranking;
using OpenMrs.Serving.Grains.Recommendations;
using OpenMrs.Serving.Grains.Users;

namespace OpenMrs.Benchmarks.Benchmarks.Personal;

/// <summary>
/// Recommendation reads through the grains of an in-process Serving host with the personal models loaded: cache
/// misses (fold-in vector ready, the full ranking pipeline, cache write), cache hits, and similar-tracks lookups,
/// each at a fixed concurrency after a warm-up round on other users.
/// </summary>
/// <param name="audioDimensions">Audio embeddings per track (0: none), so misses include audio candidates and similar tracks by sound are measured.</param>
internal sealed class PersonalReadMeasurements(SyntheticPersonalModels models, SyntheticListens listens, int firstUser, int users, int listensPerUser, int hits, int audioDimensions)
{
    public const int Concurrency = 32;
    public const int Count = 10;

    /// <summary>Reads of each measured user in the miss run, at counts <see cref="Count"/>, +1, +2: each is a miss.</summary>
    public const int MissRounds = 3;

    /// <summary>Concurrencies of the extra miss runs (<see cref="MissesPerSweepStep"/> fresh users each): p99 against load.</summary>
    public static readonly int[] SweepConcurrency = [1, 4, 8, 16, 32];

    public const int MissesPerSweepStep = 400;

    /// <summary>Users read (a miss, then hits) before the measured runs.</summary>
    public const int WarmupUsers = 3_000;

    /// <summary>Extra rounds of warm-up misses at most while waiting for the first collection after the setup's full ones.</summary>
    public const int MaxWarmupRounds = 10;

    /// <param name="redis">Redis for the cache, or null for the in-process cache.</param>
    /// <param name="similar">Also measure similar-tracks lookups (they do not touch the cache).</param>
    /// <param name="sweep">Also measure misses at <see cref="SweepConcurrency"/>, at 32 with calls started from the workers' threads (the earlier harness), and the ranking stages' times.</param>
    /// <param name="settings">Configuration overrides, e.g. <c>Serving:NearCacheEntries</c> = 0.</param>
    public Task<PersonalReads> MeasureAsync(string? redis, bool similar, bool sweep, CancellationToken cancellationToken, IReadOnlyDictionary<string, string?>? settings = null) =>
        ServingHost.RunAsync(redis, settings, async app =>
        {
            var index = await LoadAsync(app, cancellationToken);
            var grains = app.Services.GetRequiredService<IGrainFactory>();
            // Enough misses that the JIT has finished tiering the grain and ranking code before anything is measured: with
            // a third as many, the first host's misses ran ~40 % slower than the same misses on the next host.
            var warmup = Enumerable.Range(firstUser + users, Math.Min(users, WarmupUsers)).Select(SyntheticListens.UserId).ToArray();
            var measured = Enumerable.Range(firstUser, users).Select(SyntheticListens.UserId).ToArray();
            var extraFrom = firstUser + users + warmup.Length;
            var extra = sweep ? (SweepConcurrency.Length + 2) * MissesPerSweepStep : 0;
            await ApplyAsync(grains, firstUser, users + warmup.Length + extra);
            // The setup just allocated every user's state (a few hundred MB): promote all of it to the old generation now, so
            // the measured runs see the steady heap of a server that built its states over time. A full collection moves
            // gen1 to gen2 but gen0 only to gen1 (one left 12–75 MB of the setup there, which the first gen1 collection
            // promoted in a 16–38 ms pause, and while it waited, collections inside the measured misses took up to 72 ms), so two.
            PromoteToOldGeneration();
            var collectionsAfterSetup = GC.CollectionCount(0);
            await ReadAsync(grains, warmup, warmup.Length * 3, Concurrency);
            // The first collection after those marks through every card dirtied since, by every grain the warm-up touched
            // (36.8 ms in a traced run, 25 ms of it marking older objects, against 8 ms for the next): more misses (the same
            // users, other counts) until it is behind, so a collection in the measured runs costs what one in a long run does.
            var extraWarmupRounds = 0;
            while (GC.CollectionCount(0) == collectionsAfterSetup && extraWarmupRounds < MaxWarmupRounds)
                await ReadAsync(grains, warmup, warmup.Length, Concurrency, Count + ++extraWarmupRounds);
            // Every user read at MissRounds counts (other cache keys, the same candidate budget): enough misses that the run
            // holds several collections, so their pauses weigh in the p99 as in a long run, not by where one happens to fall.
            var redisCache = app.Services.GetRequiredService<IRankedListCache>() as RedisRankedListCache;
            var writesBefore = redisCache?.WritesSent;
            var misses = await Latency.MeasureAsync(MissRounds * measured.Length, Concurrency,
                async i => await grains.UserGrain(measured[i % measured.Length]).GetRecommendationsAsync(Count + i / measured.Length));
            var listsPerWriteBatch = ListsPerBatch(writesBefore, redisCache?.WritesSent);
            var hit = await ReadAsync(grains, measured, hits, Concurrency);
            var harnessFloor = await Latency.MeasureAsync(hits, Concurrency, _ => ValueTask.CompletedTask);
            var missSweep = new List<LatencyFigures>();
            LatencyFigures? startedFromWorkers = null;
            object? stages = null;
            if (sweep)
            {
                var staged = Enumerable.Range(extraFrom + (SweepConcurrency.Length + 1) * MissesPerSweepStep, MissesPerSweepStep).Select(SyntheticListens.UserId).ToArray();
                using (var times = new RankingStageTimes()) stages = times.PerRequest(await ReadAsync(grains, staged, staged.Length, 1));
                for (var step = 0; step <= SweepConcurrency.Length; step++)
                {
                    var fresh = Enumerable.Range(extraFrom + step * MissesPerSweepStep, MissesPerSweepStep).Select(SyntheticListens.UserId).ToArray();
                    if (step < SweepConcurrency.Length) missSweep.Add(await ReadAsync(grains, fresh, fresh.Length, SweepConcurrency[step]));
                    else startedFromWorkers = await ReadAsync(grains, fresh, fresh.Length, Concurrency, globalQueue: false);
                }
            }
            LatencyFigures? similarTracks = null, similarByAudio = null;
            GateComparison? outsideGrains = null;
            LatencyFigures? missOutsideOrleans = null;
            if (similar)
            {
                outsideGrains = await RankOutsideGrainsAsync(app, cancellationToken);
                missOutsideOrleans = await RecommendOutsideOrleansAsync(app, cancellationToken);
                var finder = app.Services.GetRequiredService<SimilarTracks>();
                var random = new Random(5);
                var tracks = Enumerable.Range(0, 4_000).Select(_ => SyntheticListens.TrackId(random.Next(listens.Tracks))).ToArray();
                var gate = app.Services.GetRequiredService<RankingGate>();
                // As the endpoint calls it: admitted by the ranking gate.
                await Latency.MeasureAsync(1_000, Concurrency, async i => await gate.RunAsync(() => finder.Find(tracks[i], Count, SimilarityBasis.Cf)));
                similarTracks = await Latency.MeasureAsync(tracks.Length, Concurrency, async i => await gate.RunAsync(() => finder.Find(tracks[i], Count, SimilarityBasis.Cf)));
                if (audioDimensions > 0)
                    similarByAudio = await Latency.MeasureAsync(tracks.Length, Concurrency, async i => await gate.RunAsync(() => finder.Find(tracks[i], Count, SimilarityBasis.Audio)));
            }
            var audioIndex = audioDimensions > 0 ? app.Services.GetRequiredService<AudioNeighbourIndex>().IndexName : null;
            return new PersonalReads(index, misses, hit, harnessFloor, similarTracks, missSweep, startedFromWorkers, stages, outsideGrains, similarByAudio, audioIndex,
                missOutsideOrleans, extraWarmupRounds, listsPerWriteBatch);
        }, cancellationToken);

    /// <summary>Lists per Redis write batch between two readings of <see cref="RedisRankedListCache.WritesSent"/>; null without Redis or batches.</summary>
    private static double? ListsPerBatch((long Batches, long Lists)? before, (long Batches, long Lists)? after) =>
        before is { } b && after is { } a && a.Batches > b.Batches ? Math.Round((double)(a.Lists - b.Lists) / (a.Batches - b.Batches), 1) : null;

    /// <summary>
    /// The ranking pipeline alone at <see cref="Concurrency"/>, called on the thread pool's global queue with profiles
    /// built beforehand (same users, listens and models as the misses): no grain turn, cache or profile building; once
    /// with every call running at once (time-sliced by the OS over the pool's threads) and once admitted by the
    /// <see cref="RankingGate"/> as Serving runs it, so the gate's effect on the tail is measured in one run.
    /// </summary>
    private async Task<GateComparison> RankOutsideGrainsAsync(WebApplication app, CancellationToken cancellationToken)
    {
        var pipeline = app.Services.GetRequiredService<RankingPipeline>();
        var model = app.Services.GetRequiredService<ICurrentModel>().Current!;
        var perGenerator = app.Services.GetRequiredService<IOptions<ServingOptions>>().Value.CandidatesPerGenerator;
        var contexts = Enumerable.Range(firstUser, Math.Min(users, 3_000)).Select(user =>
        {
            var state = FactorSearchMeasurements.StateWith(listens, user, listensPerUser);
            var vector = UserFoldIn.Compute(model.Personal!, state);
            return new RankingContext(state.ToProfile(SyntheticListens.UserId(user), model, vector, null, UserGrain.ProfileRecentTracks), model, Count,
                CandidatesPerGenerator: perGenerator);
        }).ToArray();
        cancellationToken.ThrowIfCancellationRequested();
        var gate = app.Services.GetRequiredService<RankingGate>();
        await Latency.MeasureAsync(contexts.Length, Concurrency, i => { pipeline.Rank(contexts[i]); return ValueTask.CompletedTask; });
        var open = await Latency.MeasureAsync(contexts.Length, Concurrency, i => { pipeline.Rank(contexts[i]); return ValueTask.CompletedTask; });
        var gated = await Latency.MeasureAsync(contexts.Length, Concurrency, async i => await gate.RunAsync(() => pipeline.Rank(contexts[i])));
        return new GateComparison(open, gated, gate.Concurrency);
    }

    /// <summary>
    /// Misses as a user's grain runs them (cache lookup, single flight, the profile from the user's state, the ranking
    /// gate, the pipeline, the cache write) but with <see cref="CachedRecommender"/> called directly, without the Orleans
    /// call: against <see cref="PersonalReads.Miss"/>, what the grain call adds, its collections' pauses included.
    /// Users no grain holds, so every call misses.
    /// </summary>
    private async Task<LatencyFigures> RecommendOutsideOrleansAsync(WebApplication app, CancellationToken cancellationToken)
    {
        var recommender = app.Services.GetRequiredService<CachedRecommender>();
        var model = app.Services.GetRequiredService<ICurrentModel>().Current!;
        var diversity = app.Services.GetRequiredService<IOptions<ServingOptions>>().Value.DefaultDiversity;
        var first = firstUser + 700_000;
        var states = Enumerable.Range(first, Math.Min(users, 3_000)).Select(user => FactorSearchMeasurements.StateWith(listens, user, listensPerUser)).ToArray();
        var vectors = states.Select(state => UserFoldIn.Compute(model.Personal!, state)).ToArray();
        cancellationToken.ThrowIfCancellationRequested();
        // The states just built (tens of MB) would otherwise be promoted by a collection inside the measured run (a 32–41 ms
        // gen1 in two recorded runs): a full collection moves gen1 to gen2 but gen0 only to gen1, so two put them all in gen2.
        PromoteToOldGeneration();
        var request = new RecommendationRequest(Count);
        return await Latency.MeasureAsync(states.Length, Concurrency, async i =>
        {
            var (user, state) = (SyntheticListens.UserId(first + i), states[i]);
            await recommender.RecommendAsync(user, state.StateVersion, request, diversity, null,
                current => state.ToProfile(user, current, vectors[i], null, UserGrain.ProfileRecentTracks));
        });
    }

    /// <summary>
    /// Publishes popularity, WALS and RP3β to the host's store, loads them, announces the tracks, fills the audio embeddings as
    /// <c>track-features</c> would and builds their neighbour index, and waits for the factor index.
    /// </summary>
    private async Task<string> LoadAsync(WebApplication app, CancellationToken cancellationToken)
    {
        var store = app.Services.GetRequiredService<IModelStore>();
        var loader = app.Services.GetRequiredService<ModelLoader>();
        await models.PublishAndLoadAsync(store, loader, cancellationToken);
        AnnounceTracks(app.Services.GetRequiredService<TrackFreshness>(), listens.Tracks);
        if (audioDimensions > 0)
        {
            var embeddings = app.Services.GetRequiredService<TrackEmbeddings>();
            foreach (var (track, embedding) in listens.AudioEmbeddings(audioDimensions, seed: 11)) embeddings.Upsert(track, embedding);
            app.Services.GetRequiredService<AudioNeighbourIndex>().Rebuild();
        }
        var personal = app.Services.GetRequiredService<ICurrentModel>().Current!.Personal!;
        return (await app.Services.GetRequiredService<FactorIndexCache>().WhenReadyAsync(personal)).Name;
    }

    /// <summary>Fresh tracks among the announced ones: one in <see cref="FreshEvery"/>, first seen within the last week.</summary>
    public const int FreshEvery = 100;

    /// <summary>
    /// Announces every track as <c>tracks</c> would (a year ago, one in <see cref="FreshEvery"/> within the last week),
    /// so each candidate's freshness lookup searches what a production catalogue fills.
    /// </summary>
    internal static void AnnounceTracks(TrackFreshness freshness, int tracks)
    {
        var now = DateTimeOffset.UtcNow;
        for (var t = 0; t < tracks; t++)
            freshness.Seen(SyntheticListens.TrackId(t), now - (t % FreshEvery == 0 ? TimeSpan.FromDays(t / FreshEvery % 7) : TimeSpan.FromDays(365)));
    }

    /// <summary>Two forced full compacting collections: one moves gen1 to gen2 but gen0 only to gen1, so two put all that lives in gen2.</summary>
    private static void PromoteToOldGeneration()
    {
        for (var pass = 0; pass < 2; pass++) GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    private async Task ApplyAsync(IGrainFactory grains, int from, int count) =>
        await Parallel.ForEachAsync(Enumerable.Range(from, count), new ParallelOptions { MaxDegreeOfParallelism = Concurrency },
            async (user, _) => await grains.UserGrain(SyntheticListens.UserId(user)).ApplyBatchAsync([.. listens.ForUser(user, listensPerUser)]));

    private static Task<LatencyFigures> ReadAsync(IGrainFactory grains, string[] users, int requests, int concurrency, int count = Count, bool globalQueue = true) =>
        Latency.MeasureAsync(requests, concurrency, async i => await grains.UserGrain(users[i % users.Length]).GetRecommendationsAsync(count), globalQueue);
}

/// <param name="FactorIndex">The index the collaborative generator searched with ("usearch" or "exact").</param>
/// <param name="HarnessFloor">Calls that do nothing, timed the same way right after the hits: the latency the harness, the thread pool and the shared cores add by themselves.</param>
/// <param name="MissByConcurrency">Misses at lower concurrencies (empty unless swept).</param>
/// <param name="MissStartedFromWorkerThreads">Misses at 32 timed the earlier way (calls started from the workers' own threads), for comparison.</param>
/// <param name="MissStagesAtConcurrency1">Mean time per ranking stage of sequential misses (<see cref="RankingStageTimes"/>).</param>
/// <param name="RankingOutsideGrains">The ranking pipeline alone at 32, off the grains, with and without the ranking gate (in-process run only).</param>
/// <param name="SimilarTracksByAudio">Similar tracks by sound (<c>by=audio</c>), through the audio neighbour index.</param>
/// <param name="AudioIndex">The audio neighbour index searched ("exact" or "usearch"), or null without embeddings.</param>
/// <param name="MissOutsideOrleans">Misses through <see cref="CachedRecommender"/> called directly, without the grain call (in-process run only).</param>
/// <param name="ExtraWarmupRounds">Rounds of <see cref="PersonalReadMeasurements.WarmupUsers"/> misses after the warm-up until the first collection after the setup's full ones had passed (at most <see cref="PersonalReadMeasurements.MaxWarmupRounds"/>).</param>
/// <param name="RedisListsPerWriteBatch">Lists per Redis write batch during the measured misses (<c>Serving:CacheWriteWindow</c>); null with the in-process cache.</param>
internal sealed record PersonalReads(string FactorIndex, LatencyFigures Miss, LatencyFigures Hit, LatencyFigures HarnessFloor, LatencyFigures? SimilarTracks,
    IReadOnlyList<LatencyFigures> MissByConcurrency, LatencyFigures? MissStartedFromWorkerThreads, object? MissStagesAtConcurrency1,
    GateComparison? RankingOutsideGrains = null, LatencyFigures? SimilarTracksByAudio = null, string? AudioIndex = null,
    LatencyFigures? MissOutsideOrleans = null, int ExtraWarmupRounds = 0, double? RedisListsPerWriteBatch = null);

/// <param name="AllAtOnce">Every call running at once, time-sliced over the thread pool's threads.</param>
/// <param name="Gated">Admitted by the <see cref="RankingGate"/>: <paramref name="GateConcurrency"/> at once, the rest waiting in arrival order.</param>
internal sealed record GateComparison(LatencyFigures AllAtOnce, LatencyFigures Gated, int GateConcurrency)
{
    public double AllAtOnceP99ToMean => Math.Round(AllAtOnce.P99Ms / AllAtOnce.MeanMs, 2);
    public double GatedP99ToMean => Math.Round(Gated.P99Ms / Gated.MeanMs, 2);
}
