using OpenMrs.ModelStore.Formats;
using OpenMrs.ModelStore.Store;

namespace OpenMrs.Serving.Tests.ModelStore;

public sealed class FileSystemModelStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "openmrs-store-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task A_popularity_model_round_trips_through_the_store()
    {
        var store = new FileSystemModelStore(_root);
        var written = new PopularityModel([
            new PopularTrack("b", 2.5, "Artist B"),
            new PopularTrack("a", 10, "Ärtist Å"),
            new PopularTrack("c", 0.125, ""),
        ]);

        var manifest = await PopularityModelFile.PublishAsync(store, written, new Dictionary<string, double> { ["tracks"] = 3 }, CancellationToken.None);
        var read = PopularityModelFile.Load(store, manifest.Version);

        Assert.Equal(["a", "b", "c"], read.Tracks.ToArray().Select(t => t.TrackId));
        Assert.Equal(written.Tracks.ToArray(), read.Tracks.ToArray());
        Assert.Equal(manifest.Version, store.LatestVersion(PopularityModel.Kind));
        var stored = store.ReadManifest(PopularityModel.Kind, manifest.Version);
        Assert.Equal($"popularity/{manifest.Version}/model.bin", stored.Location);
        Assert.Equal(3, stored.Metrics!["tracks"]);
        Assert.Equal(new FileInfo(Path.Combine(_root, stored.Location)).Length, stored.SizeBytes);
    }

    [Fact]
    public async Task Versions_list_in_publication_order_even_within_one_millisecond()
    {
        var frozen = new FrozenTime(new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero));
        var store = new FileSystemModelStore(_root, new ModelVersionClock(frozen));
        var published = new List<string>();
        for (var i = 0; i < 5; i++)
            published.Add((await PopularityModelFile.PublishAsync(store, new PopularityModel([new PopularTrack($"t{i}", 1, "")]), null, CancellationToken.None)).Version);

        Assert.Equal(5, published.Distinct().Count());
        Assert.Equal(published, store.ListVersions(PopularityModel.Kind));
        Assert.Equal("t4", PopularityModelFile.Load(store, store.LatestVersion(PopularityModel.Kind)!).Tracks[0].TrackId);
    }

    [Fact]
    public async Task Only_the_newest_versions_are_kept()
    {
        var store = new FileSystemModelStore(_root, keepVersions: 3);
        var published = new List<string>();
        for (var i = 0; i < 6; i++)
            published.Add((await PopularityModelFile.PublishAsync(store, new PopularityModel([new PopularTrack($"t{i}", 1, "")]), null, CancellationToken.None)).Version);

        Assert.Equal(published.TakeLast(3), store.ListVersions(PopularityModel.Kind));
        Assert.Throws<ModelNotFoundException>(() => store.OpenRead(PopularityModel.Kind, published[0]));
    }

    [Fact]
    public async Task A_failed_write_leaves_no_version_behind()
    {
        var store = new FileSystemModelStore(_root);
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.WriteAsync(
            "popularity", async (stream, ct) =>
            {
                await stream.WriteAsync(new byte[100], ct);
                throw new InvalidOperationException("the writer failed half way");
            }));

        Assert.Empty(store.ListVersions("popularity"));
        Assert.Null(store.LatestVersion("popularity"));
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(_root, "popularity")));
    }

    [Fact]
    public void Names_that_could_escape_the_root_are_rejected()
    {
        var store = new FileSystemModelStore(_root);
        Assert.Throws<ModelStoreException>(() => store.ListVersions("../etc"));
        Assert.Throws<ModelStoreException>(() => store.OpenRead("popularity", "../../x"));
        Assert.Throws<ModelNotFoundException>(() => store.OpenRead("popularity", "20260101T000000000Z-000000"));
    }

    [Fact]
    public void A_file_of_another_format_is_a_typed_error()
    {
        using var garbage = new MemoryStream("not a model at all"u8.ToArray());
        Assert.Throws<ModelFormatException>(() => PopularityModelFile.Read(garbage));

        using var truncated = new MemoryStream();
        PopularityModelFile.Write(truncated, new PopularityModel([new PopularTrack("a", 1, "x"), new PopularTrack("b", 0.5, "y")]));
        var bytes = truncated.ToArray()[..^6];
        Assert.Throws<ModelFormatException>(() => PopularityModelFile.Read(new MemoryStream(bytes)));
    }

    private sealed class FrozenTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
