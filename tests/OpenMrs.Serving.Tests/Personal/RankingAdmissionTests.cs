using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenMrs.Serving.GrainInterfaces.Users;
using OpenMrs.Serving.Grains.Caching;
using OpenMrs.Serving.Grains.Hosting;
using OpenMrs.Serving.Grains.Models;
using OpenMrs.Serving.Grains.Ranking;
using OpenMrs.Serving.Grains.Ranking.Scoring;
using OpenMrs.Serving.Grains.Recommendations;
using OpenMrs.Serving.Grains.Telemetry;
using OpenMrs.Serving.Tests.Fixtures;

namespace OpenMrs.Serving.Tests.Personal;

/// <summary>Cache misses rank at most <see cref="ServingOptions.MaxConcurrentRankings"/> at once, the rest in arrival order.</summary>
public sealed class RankingAdmissionTests
{
    /// <summary>A generator that holds each ranking until <see cref="Gate"/> opens and records how many overlap, and in which order users entered.</summary>
    private sealed class HeldGenerator : ICandidateGenerator
    {
        private int _running;
        public int MostAtOnce;
        public readonly List<string> Started = [];
        public readonly ManualResetEventSlim Gate = new(false);

        public string Name => "held";

        public int StartedCount
        {
            get { lock (Started) return Started.Count; }
        }

        public IEnumerable<Candidate> Generate(RankingContext context)
        {
            var now = Interlocked.Increment(ref _running);
            lock (Started)
            {
                MostAtOnce = Math.Max(MostAtOnce, now);
                Started.Add(context.User.UserId);
            }
            Gate.Wait(TimeSpan.FromSeconds(30));
            Interlocked.Decrement(ref _running);
            return [new Candidate("t-1", Name, 0, 1, "", "held")];
        }
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var waited = 0; !condition(); waited += 10)
        {
            if (waited > 10_000) throw new TimeoutException("the rankings never started");
            await Task.Delay(10);
        }
    }

    private static (CachedRecommender Recommender, HeldGenerator Generator) Recommender(int slots)
    {
        var options = Options.Create(new ServingOptions { MaxConcurrentRankings = slots });
        var models = new CurrentModelHolder();
        models.TryUpdate("popularity", "p-1", _ => new ServingModel("p-1", TestData.RankedModel("adm", 5), DateTimeOffset.UnixEpoch));
        var generator = new HeldGenerator();
        var pipeline = new RankingPipeline([generator], new BlendedScorer(options), []);
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
        return (new CachedRecommender(models, pipeline, new InProcessRankedListCache(options, TimeProvider.System), new ServingMetrics(meters), options: options), generator);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Concurrent_misses_rank_at_most_the_configured_number_at_once(int slots)
    {
        var (recommender, generator) = Recommender(slots);

        var requests = Enumerable.Range(0, 8).Select(u => Task.Run(() =>
            recommender.RecommendAsync($"u{u}", 0, new RecommendationRequest(1), 0, null, _ => UserProfile.Anonymous($"u{u}")))).ToList();
        await WaitForAsync(() => generator.StartedCount == slots);
        await Task.Delay(200); // time for any further ranking to enter, were it let in
        Assert.Equal(slots, generator.StartedCount);
        generator.Gate.Set();
        var lists = await Task.WhenAll(requests);

        Assert.Equal(8, generator.StartedCount);
        Assert.Equal(slots, generator.MostAtOnce);
        Assert.All(lists, l => Assert.Equal("t-1", Assert.Single(l.Items).TrackId));
    }

    [Fact]
    public async Task Waiting_misses_are_admitted_in_arrival_order()
    {
        var (recommender, generator) = Recommender(1);
        var first = Task.Run(() => recommender.RecommendAsync("u0", 0, new RecommendationRequest(1), 0, null, _ => UserProfile.Anonymous("u0")));
        await WaitForAsync(() => generator.StartedCount == 1);
        // Called in turn from this thread, each one queues for the slot before the next call is made.
        var waiting = Enumerable.Range(1, 5).Select(u => recommender.RecommendAsync($"u{u}", 0, new RecommendationRequest(1), 0, null, _ => UserProfile.Anonymous($"u{u}"))).ToList();
        Assert.All(waiting, w => Assert.False(w.IsCompleted));
        generator.Gate.Set();
        await Task.WhenAll([first, .. waiting]);

        Assert.Equal(Enumerable.Range(0, 6).Select(u => $"u{u}"), generator.Started);
    }
}
