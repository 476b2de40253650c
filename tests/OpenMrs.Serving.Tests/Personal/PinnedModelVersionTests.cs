using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenMrs.Contracts.Events;
using OpenMrs.ModelStore.Formats;
using OpenMrs.ModelStore.Store;
using OpenMrs.Serving.GrainInterfaces.Users;
using OpenMrs.Serving.Grains.Caching;
using OpenMrs.Serving.Grains.Experiments;
using OpenMrs.Serving.Grains.Hosting;
using OpenMrs.Serving.Grains.Models;
using OpenMrs.Serving.Grains.Personalization;
using OpenMrs.Serving.Grains.Recommendations;
using OpenMrs.Serving.Grains.State;
using OpenMrs.Serving.Grains.Telemetry;
using OpenMrs.Serving.Grains.Users;
using OpenMrs.Serving.Tests.Fixtures;
using OpenMrs.Testing.Planted;

namespace OpenMrs.Serving.Tests.Personal;

/// <summary>
/// A/B between two published WALS versions, through Serving's own services over a real model store. The older version
/// ("crossed") is fitted on the planted stream with every odd-ranked track moved to the next taste group, so a listener
/// of taste 0's even tracks is also recommended taste 1's odd tracks; the newest version is fitted on the stream as is.
/// The "pinned" variant pins the crossed version; "control" follows the newest.
/// </summary>
public sealed class PinnedModelVersionTests : IClassFixture<PinnedModelVersionTests.Store>
{
    private static readonly PlantedListenStream Stream = PersonalModels.Stream;
    private readonly Store _store;

    public PinnedModelVersionTests(Store store) => _store = store;

    /// <summary>taste{g}-track{r} → taste{(g + r mod 2) mod G}-track{r}: a bijection that splits every taste over two groups.</summary>
    private static string Crossed(string trackId)
    {
        var group = Stream.TrackGroup[trackId];
        var rank = Array.IndexOf(Stream.TracksOfGroup[group], trackId);
        return PlantedListenStream.TrackId((group + rank % 2) % Stream.Groups, rank);
    }

    /// <summary>A model store with popularity, the crossed WALS version and then the newest (straight) one.</summary>
    public sealed class Store : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "openmrs-pinned-" + Guid.NewGuid().ToString("N"));
        public string CrossedVersion { get; }
        public string NewestVersion { get; }

        public Store()
        {
            using var publisher = Serving(Path);
            var store = publisher.GetRequiredService<IModelStore>();
            PopularityModelFile.PublishAsync(store, PersonalModels.Popularity(), metrics: null, CancellationToken.None).GetAwaiter().GetResult();
            CrossedVersion = Publish(store, PersonalModels.Trained("als", rename: Crossed));
            NewestVersion = Publish(store, PersonalModels.Trained("als"));
        }

        private static string Publish(IModelStore store, TrainedModel model) =>
            TrainedModelFile.PublishAsync(store, model, metrics: null, provenance: null, CancellationToken.None).GetAwaiter().GetResult().Version;

        public void Dispose()
        {
            try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
        }
    }

    private static ServiceProvider Serving(string storePath, string? pinnedAls = null, ConcurrentQueue<string>? warnings = null)
    {
        var settings = new Dictionary<string, string?> { ["ModelStore:Path"] = storePath, ["Serving:ArtistCap"] = "0" };
        if (pinnedAls is not null)
        {
            settings["Serving:Experiment:Name"] = "pin-test";
            settings["Serving:Experiment:Variants:0:Name"] = "control";
            settings["Serving:Experiment:Variants:1:Name"] = "pinned";
            settings["Serving:Experiment:Variants:1:Models:als"] = pinnedAls;
        }
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(new WarningCollector(warnings ?? new ConcurrentQueue<string>())));
        services.AddServingGrainServices(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        var provider = services.BuildServiceProvider();
        provider.GetRequiredService<ModelLoader>().LoadLatest();
        return provider;
    }

    /// <summary>A listener of taste 0's tracks 0, 2 and 4 (even ranks), assigned to <paramref name="variant"/>, asks for 10.</summary>
    private static async Task<(RecommendationList List, string UserId)> RecommendAsync(ServiceProvider serving, string variant)
    {
        var assigner = serving.GetRequiredService<VariantAssigner>();
        var userId = Enumerable.Range(0, 1_000).Select(n => $"listener-{n}").First(u => assigner.Assign(u)!.Name == variant);
        var state = new UserListeningState();
        var at = new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);
        foreach (var rank in new[] { 0, 2, 4 })
            state.Apply(new ListenEvent($"{userId}-{rank}", userId, Stream.TracksOfGroup[0][rank], at.AddMinutes(rank), ListenKind.Play, 180_000));
        var heard = serving.GetRequiredService<IOptions<ServingOptions>>().Value.HeardWindow;
        var list = await serving.GetRequiredService<CachedRecommender>().RecommendAsync(userId, state.StateVersion, new RecommendationRequest(10), 0,
            assigner.Assign(userId), model => state.ToProfile(userId, model, UserFoldIn.Compute(model.Personal!, state), heard, UserGrain.ProfileRecentTracks));
        return (list, userId);
    }

    /// <summary>Under the crossed version taste 0's listeners play taste 0's even-ranked and taste 1's odd-ranked tracks.</summary>
    private static bool InCrossedTasteZero(string trackId)
    {
        var group = Stream.TrackGroup[trackId];
        var rank = Array.IndexOf(Stream.TracksOfGroup[group], trackId);
        return (group, rank % 2) is (0, 0) or (1, 1);
    }

    private static int InGroup(RecommendationList list, int group) => list.Items.Count(i => Stream.TrackGroup[i.TrackId] == group);

    [Fact]
    public async Task A_pinned_variant_ranks_with_its_version_and_control_with_the_newest()
    {
        using var serving = Serving(_store.Path, pinnedAls: _store.CrossedVersion);
        var (pinned, _) = await RecommendAsync(serving, "pinned");
        var (control, _) = await RecommendAsync(serving, "control");

        Assert.Equal("pinned", pinned.Variant);
        Assert.Contains($"+als-{_store.CrossedVersion}", pinned.ModelVersion);
        Assert.Contains($"+als-{_store.NewestVersion}", control.ModelVersion);
        Assert.Equal(10, pinned.Items.Count);
        // The straight version keeps the listener in taste 0; the crossed one also brings taste 1's odd tracks.
        Assert.True(InGroup(control, 0) >= 8, string.Join(", ", control.Items.Select(i => i.TrackId)));
        Assert.True(InGroup(pinned, 1) >= 3, string.Join(", ", pinned.Items.Select(i => i.TrackId)));
        Assert.True(InGroup(control, 1) <= 1, string.Join(", ", control.Items.Select(i => i.TrackId)));
        Assert.True(pinned.Items.Count(i => InCrossedTasteZero(i.TrackId)) >= 8, string.Join(", ", pinned.Items.Select(i => i.TrackId)));
    }

    [Fact]
    public void Two_variants_with_different_versions_never_share_a_cached_list()
    {
        using var serving = Serving(_store.Path, pinnedAls: _store.CrossedVersion);
        var models = serving.GetRequiredService<VariantModels>();
        var experiment = serving.GetRequiredService<IOptions<ServingOptions>>().Value.Experiment;
        var (control, pinned) = (models.For(experiment.Variants[0])!, models.For(experiment.Variants[1])!);
        Assert.NotEqual(control.CacheVersion, pinned.CacheVersion);
        // Same user, state and request: only the variant's name and model version tell the keys apart, and both do.
        var a = new RankedListCacheKey("u", control.CacheVersion, 3, 10, "x");
        var b = new RankedListCacheKey("u", pinned.CacheVersion, 3, 10, "x");
        Assert.NotEqual(a.ToString(), b.ToString());
        // The pinned part is loaded once and kept.
        Assert.Same(pinned.Personal, models.For(experiment.Variants[1])!.Personal);
    }

    [Fact]
    public async Task A_missing_pinned_version_falls_back_to_the_newest_with_a_warning_and_names_it()
    {
        var warnings = new ConcurrentQueue<string>();
        using var serving = Serving(_store.Path, pinnedAls: "20000101T000000000Z-missing", warnings);
        var (list, _) = await RecommendAsync(serving, "pinned");

        Assert.Equal("pinned", list.Variant);
        Assert.Equal(10, list.Items.Count);
        Assert.Contains($"+als-{_store.NewestVersion}", list.ModelVersion);
        Assert.Contains(warnings, w => w.Contains("20000101T000000000Z-missing", StringComparison.Ordinal));
        Assert.True(InGroup(list, 0) >= 8);
    }

    [Fact]
    public void Pinning_a_version_leaves_an_even_split_over_10000_users_within_tolerance()
    {
        using var serving = Serving(_store.Path, pinnedAls: _store.CrossedVersion);
        var assigner = serving.GetRequiredService<VariantAssigner>();
        var pinned = Enumerable.Range(0, 10_000).Count(u => assigner.Assign($"user-{u}")!.Name == "pinned");
        // Binomial(10000, 0.5): σ = 50; five σ either side.
        Assert.InRange(pinned, 4_750, 5_250);
    }

    [Fact]
    public async Task The_recommend_span_and_the_served_metric_name_the_variant_and_the_version_used()
    {
        var served = new ConcurrentQueue<Dictionary<string, object?>>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == ServingMetrics.MeterName && instrument.Name == "openmrs.serving.recommendations") l.EnableMeasurementEvents(instrument);
            },
        };
        meters.SetMeasurementEventCallback<long>((_, _, tags, _) => served.Enqueue(tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));
        meters.Start();
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "OpenMrs.Serving.Ranking",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        using var serving = Serving(_store.Path, pinnedAls: _store.CrossedVersion);
        var (list, _) = await RecommendAsync(serving, "pinned");

        var span = Assert.Single(spans, s => s.OperationName == "recommend" && (string?)s.GetTagItem("openmrs.model_version") == list.ModelVersion
                                                && (string?)s.GetTagItem("openmrs.variant") == "pinned");
        Assert.Contains($"+als-{_store.CrossedVersion}", (string)span.GetTagItem("openmrs.model_version")!);
        Assert.Contains(served, tags => (string?)tags["variant"] == "pinned" && (string?)tags["model_version"] == list.ModelVersion);
    }

    /// <summary>Collects warning messages (formatted) of every logger.</summary>
    private sealed class WarningCollector(ConcurrentQueue<string> warnings) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(warnings);
        public void Dispose() { }

        private sealed class Logger(ConcurrentQueue<string> warnings) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel)) warnings.Enqueue(formatter(state, exception));
            }
        }
    }
}
