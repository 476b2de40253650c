namespace OpenMrs.AllInOne.Composition;

/// <summary>The URLs the all-in-one host serves, as curl lines to try.</summary>
public static class AllInOneEndpoints
{
    public static IEnumerable<string> TryItLines(string root, string userId)
    {
        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ");
        yield return "# recommendations for a listener (Serving)";
        yield return $"curl -s '{root}/v1/users/{userId}/recommendations?count=10'";
        yield return "# what the service knows about the listener";
        yield return $"curl -s '{root}/v1/users/{userId}'";
        yield return "# post a listen (Ingestion); 202 once Kafka acknowledged it";
        yield return $"curl -s -X POST '{root}/v1/listens' -H 'content-type: application/json' -d '{{\"events\":[{{\"eventId\":\"try-1\",\"userId\":\"{userId}\",\"trackId\":\"demo-jazz-0003\",\"occurredAt\":\"{now}\",\"kind\":\"like\"}}]}}'";
        yield return "# upsert a track (Ingestion)";
        yield return $"curl -s -X POST '{root}/v1/tracks' -H 'content-type: application/json' -d '{{\"tracks\":[{{\"trackId\":\"my-track-1\",\"title\":\"My track\",\"artist\":\"Me\"}}]}}'";
        yield return "# the training side: events counted, catalog size, the model Serving ranks with";
        yield return $"curl -s '{root}/v1/training/status'";
        yield return $"curl -s '{root}/v1/models/current'";
        yield return "# health and the API description";
        yield return $"curl -s '{root}/health/ready'";
        yield return $"curl -s '{root}/openapi/v1.json'";
    }
}
