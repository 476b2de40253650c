using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenMrs.Contracts.Events;
using OpenMrs.ModelStore.Formats;
using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Evaluation.Metrics;
using OpenMrs.Recommender.Models;
using OpenMrs.Recommender.Persistence;
using OpenMrs.Serving.Grains.Content;
using OpenMrs.Serving.Grains.Hosting;
using OpenMrs.Serving.Grains.Models;
using OpenMrs.Serving.Grains.Personalization;
using OpenMrs.Serving.Grains.Ranking;
using OpenMrs.Serving.Grains.Ranking.Candidates;
using OpenMrs.Serving.Grains.Ranking.Scoring;
using OpenMrs.Serving.Grains.State;
using OpenMrs.Serving.Grains.Users;
using OpenMrs.Testing;
using OpenMrs.Training.Catalog;
using OpenMrs.Training.Cycles;
using OpenMrs.Training.Hosting;
using OpenMrs.Training.Interactions;
using OpenMrs.Training.Popularity;
using OpenMrs.Training.Publishing;

namespace OpenMrs.Benchmarks.Benchmarks.Scoring;

/// <summary>
/// Serving's own ranking pipeline (resolved from <c>AddServingGrainServices</c>, so the same generators, scorer and
/// re-rankers in the same order) over the models Training would publish from <c>history</c>: decayed popularity, WALS,
/// RP3β and the blend ranker. Each evaluation user's profile is built from a <see cref="UserListeningState"/> that
/// replayed the user's history (fold-in included), exactly as the user grain builds it; the targets are the tracks the
/// user listened to positively in <c>future</c> that were new to them and known to the models. Candidate generation
/// does not depend on the scoring weights, so each user's candidates are generated once per candidate budget and only
/// scoring and re-ranking run per weight setting (<see cref="RankingPipeline.Order"/>).
/// </summary>
internal sealed class ReplayServing : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly RankingPipeline _pipeline;
    private readonly IReadOnlyList<ReplayUser> _users;
    private readonly List<Candidate>[] _candidates;

    private ReplayServing(ServiceProvider services, ServingModel model, IReadOnlyList<ReplayUser> users, int candidateTracks, int k)
    {
        _services = services;
        _pipeline = services.GetRequiredService<RankingPipeline>();
        Model = model;
        _users = users;
        _candidates = new List<Candidate>[users.Count];
        _k = k;
        UseCandidateBudget(CandidateBudget.DefaultPerGenerator);
        CatalogueTracks = candidateTracks;
    }

    private readonly int _k;

    /// <summary>Candidates each generator proposes in the evaluations that follow (<c>Serving:CandidatesPerGenerator</c>).</summary>
    public int CandidatesPerGenerator { get; private set; }

    /// <summary>Generates every evaluation user's candidates again with <paramref name="perGenerator"/> per generator (nothing when already so).</summary>
    public void UseCandidateBudget(int perGenerator)
    {
        if (perGenerator == CandidatesPerGenerator) return;
        CandidatesPerGenerator = perGenerator;
        Parallel.For(0, _users.Count, i => _candidates[i] = _pipeline.Candidates(new RankingContext(_users[i].Profile, Model, _k, CandidatesPerGenerator: perGenerator)));
    }

    public ServingModel Model { get; }
    public int Users => _users.Count;
    public int Targets => _users.Sum(u => u.Targets.Count);
    public int CatalogueTracks { get; }

    /// <param name="maxUsers">Evaluation users drawn at random (with <paramref name="seed"/>) when more qualify.</param>
    /// <param name="k">The list length that will be evaluated.</param>
    public static ReplayServing Build(ReplayData history, ReplayData future, int maxUsers, int seed, int k, CancellationToken cancellationToken)
    {
        var model = FitModels(history, cancellationToken);
        var services = Services(history.End);
        var freshness = services.GetRequiredService<TrackFreshness>();
        foreach (var first in history.Events.GroupBy(e => e.TrackId, StringComparer.Ordinal)) freshness.Seen(first.Key, first.First().OccurredAt);

        var options = services.GetRequiredService<IOptions<ServingOptions>>().Value;
        var futureByUser = future.Events.Where(e => e.Kind is ListenKind.Play or ListenKind.Like or ListenKind.Save)
            .GroupBy(e => e.UserId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.TrackId).ToList(), StringComparer.Ordinal);
        var users = new List<ReplayUser>();
        foreach (var listens in history.Events.GroupBy(e => e.UserId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            if (!futureByUser.TryGetValue(listens.Key, out var later)) continue;
            var state = new UserListeningState();
            foreach (var listen in listens) state.Apply(listen);
            var known = state.KnownTracks(options.HeardWindow);
            var targets = later.Where(t => !known.Contains(t) && model.Popularity.RankOf(t) >= 0).ToHashSet(StringComparer.Ordinal);
            if (targets.Count == 0) continue;
            var vector = model.Personal is { } personal ? UserFoldIn.Compute(personal, state) : null;
            users.Add(new ReplayUser(state.ToProfile(listens.Key, model, vector, options.HeardWindow, UserGrain.ProfileRecentTracks), targets));
        }
        var random = new Random(seed);
        var chosen = users.Count <= maxUsers ? users : [.. users.OrderBy(_ => random.Next()).Take(maxUsers)];
        return new ReplayServing(services, model, chosen, model.Popularity.Count, k);
    }

    /// <summary>Mean NDCG@k and HitRate@k over the evaluation users, ranking with <paramref name="weights"/>.</summary>
    public Quality Evaluate(ScoringWeights weights, int k)
    {
        var ndcg = new double[_users.Count];
        var hits = new double[_users.Count];
        var ideal = new float[k];
        Parallel.For(0, _users.Count, i =>
        {
            var user = _users[i];
            var items = _pipeline.Order(new RankingContext(user.Profile, Model, k, Weights: weights, CandidatesPerGenerator: CandidatesPerGenerator), _candidates[i]);
            var gains = items.Select(item => user.Targets.Contains(item.TrackId) ? 1f : 0f).ToArray();
            var idealGains = Enumerable.Repeat(1f, Math.Min(k, user.Targets.Count)).ToArray();
            ndcg[i] = RankingMetrics.Ndcg(gains, idealGains, k);
            hits[i] = RankingMetrics.HitRate(gains, k);
        });
        return new Quality(ndcg.Average(), hits.Average(), ndcg);
    }

    private static ServiceProvider Services(DateTimeOffset now)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(new ManualClock(now));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ModelStore:Path"] = Path.Combine(Path.GetTempPath(), "openmrs-scoring-replay"),
        }).Build();
        services.AddServingGrainServices(configuration);
        return services.BuildServiceProvider();
    }

    private static ServingModel FitModels(ReplayData history, CancellationToken cancellationToken)
    {
        var training = new TrainingOptions();
        var counter = new PopularityCounter(training.PopularityHalfLife, dedupWindowPerPartition: 1_000);
        var interactions = new InteractionStore(TimeSpan.FromDays(36_500), int.MaxValue, dedupWindowPerPartition: 1_000);
        var catalog = new TrackCatalog();
        foreach (var listen in history.Events)
        {
            counter.Apply(listen, partition: 0);
            interactions.Apply(listen, partition: 0);
        }
        foreach (var (track, artist) in history.Artists) catalog.Upsert(new TrackUpsert(track, "", artist));
        var popularity = PopularityModelBuilder.Build(counter.Snapshot(), catalog, training.PopularityModelSize);
        var data = HoldoutSlice.Create(interactions.Export(), FeedbackWeights.Default, _ => null, fraction: 0.1).All;

        ModelPart Fit(string kind)
        {
            var model = ModelCatalog.Create(kind);
            model.Fit(data, cancellationToken: cancellationToken);
            var tracks = data.Items.Ids.Select(id => new TrackInfo(0, history.Artists.GetValueOrDefault(id, ""))).ToList();
            return new ModelPart("replay", new TrainedModel(new LoadedModel(model, data.Users, data.Items), FeedbackWeights.Default, tracks));
        }

        return new ServingModel("replay", popularity, history.End, Fit("als"), Fit("rp3b"), Fit("blend"));
    }

    public void Dispose() => _services.Dispose();

    private sealed record ReplayUser(UserProfile Profile, IReadOnlySet<string> Targets);
}

/// <summary>Mean NDCG@k and HitRate@k of one weight setting, and each evaluation user's NDCG@k (same user order).</summary>
internal readonly record struct Quality(double Ndcg, double HitRate, double[] PerUserNdcg)
{
    /// <summary>
    /// The paired difference this − <paramref name="baseline"/> in mean NDCG@k over the same users, with its standard
    /// error (sample standard deviation of the per-user differences / √n).
    /// </summary>
    public (double Mean, double StandardError) Minus(Quality baseline)
    {
        var d = PerUserNdcg.Zip(baseline.PerUserNdcg, (a, b) => a - b).ToArray();
        if (d.Length < 2) return (d.DefaultIfEmpty(0).Average(), double.NaN);
        var mean = d.Average();
        return (mean, Math.Sqrt(d.Sum(x => (x - mean) * (x - mean)) / (d.Length - 1) / d.Length));
    }
}
