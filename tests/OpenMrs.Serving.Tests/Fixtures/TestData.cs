using OpenMrs.Contracts.Events;
using OpenMrs.ModelStore.Formats;

namespace OpenMrs.Serving.Tests.Fixtures;

internal static class TestData
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static string NewUserId() => "user-" + Guid.NewGuid().ToString("N")[..12];

    public static ListenEvent Listen(string userId, string trackId, ListenKind kind = ListenKind.Play, int minute = 0, string? eventId = null) =>
        new(eventId ?? Guid.NewGuid().ToString("N"), userId, trackId, Start.AddMinutes(minute), kind, 180_000);

    /// <summary>Tracks <c>{prefix}-00</c> ... with strictly decreasing scores: the known right order is by index.</summary>
    public static PopularityModel RankedModel(string prefix, int count, Func<int, string>? artist = null) =>
        new(Enumerable.Range(0, count).Select(i => new PopularTrack(TrackId(prefix, i), 1000.0 - i, artist?.Invoke(i) ?? "")));

    public static string TrackId(string prefix, int index) => $"{prefix}-{index:00}";
}
