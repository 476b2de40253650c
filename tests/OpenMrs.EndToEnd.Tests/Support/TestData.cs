using OpenMrs.Contracts.Events;

namespace OpenMrs.EndToEnd.Tests.Support;

/// <summary>Listen and track builders with ids unique to one test, so tests sharing a host never see each other's data.</summary>
public sealed class TestData(string scope)
{
    private int _next;

    public static TestData Unique(string name) => new($"{name}-{Guid.NewGuid().ToString("N")[..6]}");

    public string Scope => scope;

    public string User(int n) => $"{scope}-u{n:D3}";

    public string Track(int n) => $"{scope}-t{n:D3}";

    public ListenEvent Listen(string userId, string trackId, ListenKind kind = ListenKind.Play, DateTimeOffset? at = null) =>
        new($"{scope}-e{Interlocked.Increment(ref _next):D6}", userId, trackId, at ?? DateTimeOffset.UtcNow.AddMinutes(-1), kind,
            kind == ListenKind.Play ? 180_000 : null);

    public IReadOnlyList<TrackUpsert> Tracks(int count) =>
        [.. Enumerable.Range(0, count).Select(n => new TrackUpsert(Track(n), $"Track {n}", $"{scope} artist {n}"))];
}
