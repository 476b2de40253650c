using OpenMrs.AllInOne.Demo;

namespace OpenMrs.EndToEnd.Tests.Demo;

public sealed class DemoCatalogTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "demo-catalog-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void Every_track_has_a_release_date_and_only_one_in_NewReleaseEvery_is_within_the_freshness_window()
    {
        var now = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        var catalog = DemoCatalog.Create(new DemoOptions { Tracks = 50, AudioSeconds = 0.2 }, _directory, now, CancellationToken.None);

        var released = catalog.Tracks.Select(t => t.Upsert.ReleasedAt).ToList();
        Assert.All(released, at => Assert.True(at is { } r && r < now, $"{at} is not before {now}"));
        // The Serving freshness window is 14 days by default: two of fifty tracks are new, the rest a year old or more.
        Assert.Equal(50 / DemoCatalog.NewReleaseEvery, released.Count(at => at > now - TimeSpan.FromDays(14)));
        Assert.All(released.Where(at => at <= now - TimeSpan.FromDays(14)), at => Assert.True(at <= now - TimeSpan.FromDays(365)));
    }
}
