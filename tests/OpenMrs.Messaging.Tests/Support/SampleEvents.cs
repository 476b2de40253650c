using OpenMrs.Contracts.Events;

namespace OpenMrs.Messaging.Tests.Support;

public static class SampleEvents
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static ListenEvent Listen(int i, string? user = null) =>
        new($"ev-{i}", user ?? $"user-{i % 17}", $"track-{i % 101}", Epoch.AddSeconds(i), (ListenKind)(i % 6), i % 3 == 0 ? null : 1000 + i, i % 5 == 0 ? "radio" : null);

    public static TrackUpsert Track(int i) =>
        new($"track-{i}", $"Title {i}", $"Artist {i % 7}", "Album", 180_000 + i, $"file:///music/{i}.ogg", ["rock", $"tag-{i}"], "bio text");

    public static TrackFeatures Features(int i) =>
        new($"track-{i}", new TrackDescriptors(181.5, -9.25, -14.5, 120 + i, 0.8, i % 12, i % 2, 0.6, 0.4, 2100.5, 5000, 0.1, 0.05, 2.5),
            [0.25f, -1.5f, i], "desc-1", "cnn-a@random-seed-42", Epoch.AddMinutes(i));

    public static ModelPublished Model(int i) =>
        new("als", $"2026-01-01T00:00:{i:00}Z", $"als/{i}/model.bin", Epoch.AddHours(i), new Dictionary<string, double> { ["ndcg@10"] = 0.31 + i / 100.0 });
}
