using OpenMrs.Testing;
using ErrorCode = Confluent.Kafka.ErrorCode;
using OpenMrs.Contracts.Events;
using OpenMrs.EndToEnd.Tests.Hosting;
using OpenMrs.EndToEnd.Tests.Support;
using OpenMrs.Messaging.Embedded;

namespace OpenMrs.EndToEnd.Tests.Faults;

/// <summary>Whatever the broker does, every acknowledged event reaches its grain exactly once in effect.</summary>
[Collection(SharedHostCollection.Name)]
public sealed class BrokerFaultTests(SharedHostFixture fixture)
{
    private const int Users = 24;
    private const int TracksPerUser = 4;
    private readonly OpenMrsClient _client = new(fixture.Host.Client);

    [Fact]
    public async Task Injected_produce_errors_lose_and_duplicate_nothing()
    {
        var data = TestData.Unique("produce-errors");
        var kafka = fixture.Host.Kafka;
        kafka.PushRequestErrors(KafkaApiKey.Produce,
            ErrorCode.NotLeaderForPartition, ErrorCode.RequestTimedOut, ErrorCode.NotEnoughReplicas,
            ErrorCode.LeaderNotAvailable, ErrorCode.NotEnoughReplicasAfterAppend, ErrorCode.NetworkException);
        try
        {
            var acked = await PostBatchesAsync(data, batches: 6, duringBatch: null);
            await AssertEachGrainAppliedExactlyAsync(acked);
        }
        finally
        {
            kafka.ClearRequestErrors(KafkaApiKey.Produce);
        }
    }

    [Fact]
    public async Task A_broker_down_mid_stream_loses_and_duplicates_nothing()
    {
        var data = TestData.Unique("broker-down");
        var kafka = fixture.Host.Kafka;
        try
        {
            var acked = await PostBatchesAsync(data, batches: 8, duringBatch: async batch =>
            {
                if (batch != 3) return;
                kafka.SetBrokerDown(1);
                await Task.Delay(TimeSpan.FromSeconds(1.5));
                kafka.SetBrokerUp(1);
            });
            await AssertEachGrainAppliedExactlyAsync(acked);
        }
        finally
        {
            kafka.SetBrokerUp(1);
        }
    }

    /// <summary>Posts batches from two concurrent clients, resending on 503 as a client does; returns every acknowledged event.</summary>
    private async Task<IReadOnlyList<ListenEvent>> PostBatchesAsync(TestData data, int batches, Func<int, Task>? duringBatch)
    {
        var acked = new List<ListenEvent>();
        var random = new Random(7);
        var plan = Enumerable.Range(0, batches).Select(_ => Enumerable.Range(0, 150)
            .Select(_ => data.Listen(data.User(random.Next(Users)), data.Track(random.Next(TracksPerUser))))
            .ToList()).ToList();

        var fault = Task.CompletedTask;
        var posts = new List<Task>();
        for (var b = 0; b < plan.Count; b++)
        {
            var batch = plan[b];
            if (duringBatch is not null) fault = duringBatch(b);
            posts.Add(Task.Run(async () =>
            {
                await _client.PostListensUntilAcceptedAsync(batch);
                lock (acked) acked.AddRange(batch);
            }));
            if (posts.Count == 2) { await Task.WhenAll(posts); posts.Clear(); }
        }
        await Task.WhenAll(posts);
        await fault;
        return acked;
    }

    private async Task AssertEachGrainAppliedExactlyAsync(IReadOnlyList<ListenEvent> acked)
    {
        foreach (var byUser in acked.GroupBy(e => e.UserId))
        {
            var expected = byUser.Count();
            var state = await Eventually.WaitForAsync(() => _client.UserAsync(byUser.Key), s => s.StateVersion >= expected);
            Assert.Equal(expected, state.StateVersion);
            foreach (var byTrack in byUser.GroupBy(e => e.TrackId))
                Assert.Equal(byTrack.Count(), state.TrackCounts[byTrack.Key].Plays);
        }
    }
}
