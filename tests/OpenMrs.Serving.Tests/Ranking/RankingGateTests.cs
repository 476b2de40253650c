using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using OpenMrs.Serving.GrainInterfaces.Users;
using OpenMrs.Serving.Grains.Hosting;
using OpenMrs.Serving.Grains.Ranking;
using OpenMrs.Serving.Grains.Telemetry;

namespace OpenMrs.Serving.Tests.Ranking;

public class RankingGateTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task No_more_rankings_run_at_once_than_the_gate_admits()
    {
        using var services = Services(concurrency: 2, queueLimit: 100);
        var gate = services.GetRequiredService<RankingGate>();
        var running = 0;
        var most = 0;

        const int callers = 8;
        using var start = new Barrier(callers);

        // A thread of its own per caller, all calling together: without the gate all eight would overlap.
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait(Patience);
            return gate.RunAsync(() =>
            {
                InterlockedMax(ref most, Interlocked.Increment(ref running));
                Thread.Sleep(20);
                return Interlocked.Decrement(ref running);
            }).AsTask().GetAwaiter().GetResult();
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))).WaitAsync(Patience);

        Assert.Equal(2, gate.Concurrency);
        Assert.Equal(2, most);
    }

    [Fact]
    public async Task Waiting_rankings_run_in_arrival_order()
    {
        using var services = Services(concurrency: 1, queueLimit: 100);
        var gate = services.GetRequiredService<RankingGate>();
        using var release = new ManualResetEventSlim();
        var holder = Hold(gate, release);
        var order = new List<int>();

        var waiting = Enumerable.Range(0, 20).Select(i => gate.RunAsync(() => { lock (order) order.Add(i); return i; }).AsTask()).ToArray();
        Assert.Equal(20, gate.Queued);
        Assert.Empty(order);
        release.Set();
        await Task.WhenAll(waiting).WaitAsync(Patience);
        await holder;

        Assert.Equal(Enumerable.Range(0, 20), order);
        Assert.Equal(0, gate.Queued);
    }

    [Fact]
    public async Task A_full_queue_refuses_at_once_and_the_queued_ranking_still_runs()
    {
        using var services = Services(concurrency: 1, queueLimit: 1);
        var gate = services.GetRequiredService<RankingGate>();
        using var release = new ManualResetEventSlim();
        var holder = Hold(gate, release);
        var queued = gate.RunAsync(() => "ranked").AsTask();
        var ran = false;

        var refused = await Assert.ThrowsAsync<RankingCapacityException>(async () => await gate.RunAsync(() => ran = true));
        release.Set();

        Assert.False(ran);
        Assert.Equal(1, refused.RetryAfterSeconds);
        Assert.Contains("1 at once", refused.Message);
        Assert.Equal("ranked", await queued.WaitAsync(Patience));
        await holder;
    }

    [Fact]
    public async Task A_cancelled_wait_leaves_the_queue_without_running()
    {
        using var services = Services(concurrency: 1, queueLimit: 10);
        var gate = services.GetRequiredService<RankingGate>();
        using var release = new ManualResetEventSlim();
        var holder = Hold(gate, release);
        using var cancel = new CancellationTokenSource();
        var ran = false;

        var waiting = gate.RunAsync(() => ran = true, cancel.Token).AsTask();
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        release.Set();
        await holder;

        Assert.False(ran);
        Assert.Equal(0, gate.Queued);
        Assert.Equal(7, await gate.RunAsync(() => 7));
    }

    [Fact]
    public void The_refusal_crosses_a_silo_boundary_as_itself()
    {
        using var services = Services(concurrency: 1, queueLimit: 0);
        var serializer = services.GetRequiredService<Serializer>();
        var sent = new RankingCapacityException("queue full") { RetryAfterSeconds = 3 };

        var received = serializer.Deserialize<Exception>(serializer.SerializeToArray<Exception>(sent));

        var refusal = Assert.IsType<RankingCapacityException>(received);
        Assert.Equal("queue full", refusal.Message);
        Assert.Equal(3, refusal.RetryAfterSeconds);
    }

    private static ServiceProvider Services(int concurrency, int queueLimit) => new ServiceCollection()
        .AddMetrics()
        .AddSingleton<ServingMetrics>()
        .AddSingleton(Options.Create(new ServingOptions { RankingConcurrency = concurrency, RankingQueueLimit = queueLimit }))
        .AddSingleton<RankingGate>()
        .AddSerializer()
        .BuildServiceProvider();

    /// <summary>Takes the gate's only slot until <paramref name="release"/> is set; returns once the slot is held.</summary>
    private static Task Hold(RankingGate gate, ManualResetEventSlim release)
    {
        using var held = new ManualResetEventSlim();
        var holder = Task.Run(async () => await gate.RunAsync(() => { held.Set(); return release.Wait(Patience); }));
        Assert.True(held.Wait(Patience));
        return holder;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}
