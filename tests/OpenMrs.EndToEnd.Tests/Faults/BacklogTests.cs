using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenMrs.Contracts;
using OpenMrs.Contracts.Events;
using OpenMrs.EndToEnd.Tests.Hosting;
using OpenMrs.EndToEnd.Tests.Support;
using OpenMrs.Messaging;
using OpenMrs.Testing;

namespace OpenMrs.EndToEnd.Tests.Faults;

/// <summary>An edge faster than its pipeline refuses with 503 and Retry-After instead of letting the backlog outgrow the broker.</summary>
public sealed class BacklogTests
{
    private const int Users = 40;
    private const int Batches = 30;
    private const int BatchSize = 250;

    [Fact]
    public async Task While_a_consumer_group_lags_beyond_the_limit_ingestion_answers_503_and_every_resent_event_is_applied_once()
    {
        var stalled = new StalledReader();
        await using var host = await AllInOneHost.StartAsync(
            new Dictionary<string, string?> { ["Kafka:Backpressure:MaxLagBytesPerPartition"] = (16 * 1024).ToString() },
            services =>
            {
                services.AddSingleton(stalled);
                services.AddEventConsumer<ListenEvent, StalledReader>(Topics.Listens, "stalled-reader");
            });
        var client = new OpenMrsClient(host.Client);
        var data = TestData.Unique("backlog");
        var random = new Random(11);
        var plan = Enumerable.Range(0, Batches).Select(_ => Enumerable.Range(0, BatchSize)
            .Select(_ => data.Listen(data.User(random.Next(Users)), data.Track(random.Next(8)))).ToList()).ToList();

        // The stalled group joins and takes its first message; from then on it falls behind with every accepted
        // batch until ingestion refuses.
        var accepted = new List<ListenEvent>(plan[0]);
        await client.PostListensUntilAcceptedAsync(plan[0]);
        await stalled.Started.WaitAsync(Eventually.DefaultTimeout);
        HttpResponseMessage? refused = null;
        var next = 1;
        while (next < plan.Count && refused is null)
        {
            var response = await client.PostListensAsync(plan[next]);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                refused = response;
                break;
            }
            accepted.AddRange(plan[next++]);
            response.Dispose();
            await Task.Delay(50); // lag is reported every 200 ms: the posts span several reports
        }

        Assert.NotNull(refused);
        using (refused)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("1", refused.Headers.RetryAfter?.ToString());
            var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
            Assert.Contains("behind", problem.GetProperty("title").GetString());
            Assert.Contains("listens", problem.GetProperty("detail").GetString());
        }
        // Refused before the last batch. On a loaded machine the lag after the first 250 events (the stalled group's,
        // or that of a group of the all-in-one that has not caught up yet) can already refuse the second batch.
        Assert.InRange(next, 1, plan.Count - 1);

        // Once the group catches up, the refused batch and the rest are accepted on resend.
        stalled.Release();
        for (; next < plan.Count; next++)
        {
            await client.PostListensUntilAcceptedAsync(plan[next], maxAttempts: 300);
            accepted.AddRange(plan[next]);
        }

        // Nothing accepted was lost or applied twice: each user holds exactly its events.
        foreach (var byUser in accepted.GroupBy(e => e.UserId))
        {
            var expected = byUser.Count();
            var state = await Eventually.WaitForAsync(() => client.UserAsync(byUser.Key), s => s.StateVersion >= expected);
            Assert.Equal(expected, state.StateVersion);
        }
        await Eventually.WaitForAsync(() => Task.FromResult(stalled.DistinctHandled), handled => handled >= Batches * BatchSize);
        Assert.Equal(Batches * BatchSize, stalled.DistinctHandled);
    }

    /// <summary>A consumer group that takes nothing to its end until released.</summary>
    private sealed class StalledReader : IEventHandler<ListenEvent>
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ConcurrentDictionary<string, bool> _handled = new(StringComparer.Ordinal);

        /// <summary>Completes when the group took its first message.</summary>
        public Task Started => _started.Task;

        /// <summary>Event ids taken to their end; delivery is at least once, so a redelivery counts once.</summary>
        public int DistinctHandled => _handled.Count;

        public void Release() => _released.TrySetResult();

        public async Task HandleAsync(ConsumedEvent<ListenEvent> message, CancellationToken cancellationToken)
        {
            _started.TrySetResult();
            await _released.Task.WaitAsync(cancellationToken);
            _handled.TryAdd(message.Value.EventId, true);
        }
    }
}
