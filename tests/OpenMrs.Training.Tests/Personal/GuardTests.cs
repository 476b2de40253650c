using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenMrs.Messaging.Configuration;
using OpenMrs.ModelStore.Formats;
using OpenMrs.ModelStore.Store;
using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Models;
using OpenMrs.Recommender.Models.Als;
using OpenMrs.Recommender.Models.Factorization;
using OpenMrs.Testing.Planted;
using OpenMrs.Training.Cycles;
using OpenMrs.Training.Interactions;

namespace OpenMrs.Training.Tests.Personal;

/// <summary>
/// The publishing guard keeps the current model when a candidate is worse or has a non-finite factor, and judges a
/// candidate against the published version only on listens that version has not seen.
/// </summary>
public sealed class GuardTests : IAsyncLifetime
{
    private readonly string _storePath = TrainingHostFactory.TemporaryStore();
    private readonly SwitchableFitter _fitter = new();
    private IHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = TrainingHostFactory.Build(_storePath, KafkaOptions.EmbeddedKeyword, new Dictionary<string, string?>
        {
            ["Training:PersonalModels"] = "als",
            ["Training:Sequence:Enabled"] = "false",
        }, services => services.AddSingleton<ICandidateFitter>(sp =>
        {
            _fitter.Inner = ActivatorUtilities.CreateInstance<CatalogCandidateFitter>(sp);
            return _fitter;
        }));
        await _host.StartAsync();
        var store = _host.Services.GetRequiredService<InteractionStore>();
        foreach (var listen in new PlantedListenStream(users: 120, listensPerUser: 24).Events) store.Apply(listen, partition: 0);
    }

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        if (Directory.Exists(_storePath)) Directory.Delete(_storePath, recursive: true);
    }

    [Theory]
    [InlineData(FitterMode.ShuffledItems, "below")]
    [InlineData(FitterMode.NaNFactor, "non-finite")]
    public async Task A_worse_or_non_finite_candidate_is_refused_and_the_current_version_stays(FitterMode mode, string reason)
    {
        var cycle = _host.Services.GetRequiredService<TrainingCycle>();
        var store = _host.Services.GetRequiredService<IModelStore>();
        var first = Assert.Single(await cycle.RunAsync(CancellationToken.None));
        Assert.True(first.Published, first.Reason);
        var current = store.LatestVersion(ImplicitAlsModel.KindName);
        Assert.Equal(first.PublishedVersion, current);

        AddNewcomers();
        _fitter.Mode = mode;
        var refused = Assert.Single(await cycle.RunAsync(CancellationToken.None));

        Assert.False(refused.Published);
        Assert.Contains(reason, refused.Reason);
        Assert.Equal($"current {current}", refused.Reference);
        Assert.Equal(current, store.LatestVersion(ImplicitAlsModel.KindName));
        Assert.Single(store.ListVersions(ImplicitAlsModel.KindName));
    }

    [Fact]
    public async Task The_published_version_is_compared_only_on_listens_newer_than_its_data()
    {
        var cycle = _host.Services.GetRequiredService<TrainingCycle>();
        var store = _host.Services.GetRequiredService<IModelStore>();
        var first = Assert.Single(await cycle.RunAsync(CancellationToken.None));
        Assert.True(first.Published, first.Reason);

        // The same data again: the refitted version has seen every held-out listen, so no fair comparison exists.
        var same = Assert.Single(await cycle.RunAsync(CancellationToken.None));
        Assert.False(same.Published);
        Assert.Contains("only 0 evaluation users have held-out listens newer than", same.Reason);
        Assert.Contains("the data has not grown since", same.Reason);
        Assert.Equal(0, same.ReferenceMetrics["evaluationUsers"]);

        // Newer listeners: both sides are scored on them alone, and an equally good candidate replaces the version.
        AddNewcomers();
        var fresh = Assert.Single(await cycle.RunAsync(CancellationToken.None));
        Assert.True(fresh.Published, fresh.Reason);
        Assert.Contains("on listens newer than its data", fresh.Reason);
        Assert.InRange(fresh.ReferenceMetrics["evaluationUsers"], 20, fresh.Candidate["evaluationUsers"]);
        Assert.Equal(2, store.ListVersions(ImplicitAlsModel.KindName).Count);
    }

    [Theory]
    [InlineData(FitterMode.Normal, true)]
    [InlineData(FitterMode.NaNFactor, false)]
    public async Task Older_listens_arriving_later_are_judged_against_popularity_so_the_version_does_not_stay_for_good(FitterMode mode, bool published)
    {
        var cycle = _host.Services.GetRequiredService<TrainingCycle>();
        var store = _host.Services.GetRequiredService<IModelStore>();
        var first = Assert.Single(await cycle.RunAsync(CancellationToken.None));
        Assert.True(first.Published, first.Reason);

        // A backfill: new listeners whose listens all happened before the published version's data ends.
        var store2 = _host.Services.GetRequiredService<InteractionStore>();
        var earlier = new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);
        foreach (var listen in new PlantedListenStream(users: 60, listensPerUser: 24, seed: 29, start: earlier, userPrefix: "backfill").Events)
            store2.Apply(listen, partition: 0);
        _fitter.Mode = mode;
        var next = Assert.Single(await cycle.RunAsync(CancellationToken.None));

        Assert.True(published == next.Published, next.Reason);
        // A broken candidate is still refused, whatever it is compared with.
        Assert.Contains(published ? "so it was judged against popularity" : "non-finite", next.Reason);
        if (published) Assert.Equal("popularity", next.Reference);
        Assert.Equal(published ? 2 : 1, store.ListVersions(ImplicitAlsModel.KindName).Count);
    }

    [Fact]
    public async Task A_blend_that_does_not_win_over_the_best_single_model_of_its_cycle_is_not_published()
    {
        var options = _host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<OpenMrs.Training.Hosting.TrainingOptions>>().Value;
        options.PersonalModels = "als,blend";
        var cycle = _host.Services.GetRequiredService<TrainingCycle>();
        var store = _host.Services.GetRequiredService<IModelStore>();

        _fitter.Mode = FitterMode.ShuffledBlend;
        var reports = await cycle.RunAsync(CancellationToken.None);

        var als = reports.Single(r => r.Kind == "als");
        var blend = reports.Single(r => r.Kind == "blend");
        Assert.True(als.Published, als.Reason);
        Assert.False(blend.Published);
        Assert.Contains("does not win over the best single model this cycle (als", blend.Reason);
        Assert.Null(store.LatestVersion("blend"));

        _fitter.Mode = FitterMode.Normal;
        var fair = (await cycle.RunAsync(CancellationToken.None)).Single(r => r.Kind == "blend");
        Assert.True(fair.Published || fair.Reason.Contains("does not win"), fair.Reason);
    }

    /// <summary>Listeners with the planted tastes whose listens all come a day after the first data.</summary>
    private void AddNewcomers()
    {
        var store = _host.Services.GetRequiredService<InteractionStore>();
        var later = new DateTimeOffset(2026, 6, 2, 0, 0, 0, TimeSpan.Zero);
        foreach (var listen in new PlantedListenStream(users: 60, listensPerUser: 24, seed: 23, start: later, userPrefix: "newcomer").Events)
            store.Apply(listen, partition: 0);
    }

    public enum FitterMode { Normal, ShuffledItems, NaNFactor, ShuffledBlend }

    /// <summary>The catalogue fitter, or a deliberately broken variant of it.</summary>
    private sealed class SwitchableFitter : ICandidateFitter
    {
        public ICandidateFitter Inner { get; set; } = null!;
        public FitterMode Mode { get; set; }

        public IRecommender Fit(string kind, InteractionMatrix data, TrainedModel? previous, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
        {
            switch (Mode)
            {
                case FitterMode.ShuffledBlend when kind == "blend":
                case FitterMode.ShuffledItems:
                    return Inner.Fit(kind, data.WithValues(ShuffleColumns(data.UserItems)), previous, progress, cancellationToken);
                case FitterMode.NaNFactor:
                    var model = Inner.Fit(kind, data, previous, progress, cancellationToken);
                    ((FactorModel)model).ItemFactors.Data[3] = float.NaN;
                    return model;
                default:
                    return Inner.Fit(kind, data, previous, progress, cancellationToken);
            }
        }

        public IReadOnlyDictionary<string, string> Hyperparameters(string kind) => Inner.Hyperparameters(kind);

        private static CsrMatrix ShuffleColumns(CsrMatrix matrix)
        {
            var permutation = Enumerable.Range(0, matrix.Columns).ToArray();
            new Random(5).Shuffle(permutation);
            var triplets = new List<(int, int, float)>();
            for (var row = 0; row < matrix.Rows; row++)
            {
                var indices = matrix.RowIndices(row);
                var values = matrix.RowValues(row);
                for (var n = 0; n < indices.Length; n++) triplets.Add((row, permutation[indices[n]], values[n]));
            }
            return CsrMatrix.FromTriplets(matrix.Rows, matrix.Columns, triplets);
        }
    }
}
