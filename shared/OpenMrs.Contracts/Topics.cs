namespace OpenMrs.Contracts;

/// <summary>Every Kafka topic name, in one place.</summary>
public static class Topics
{
    public const string Listens = "listens";
    public const string Tracks = "tracks";
    public const string TrackFeatures = "track-features";
    public const string Models = "models";

    public static string DeadLetterOf(string topic) => topic + ".dlq";

    public static IReadOnlyList<string> All { get; } = [Listens, Tracks, TrackFeatures, Models];
}
