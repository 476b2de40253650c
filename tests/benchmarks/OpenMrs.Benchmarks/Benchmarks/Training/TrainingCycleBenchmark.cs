using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenMrs.Benchmarks.Benchmarks.Personal;
using OpenMrs.Training.Cycles;
using OpenMrs.Training.Hosting;
using OpenMrs.Training.Interactions;

namespace OpenMrs.Benchmarks.Benchmarks.Training;

/// <summary>
/// One full training cycle of the Training service hosted in this process (embedded Kafka, a temporary model store):
/// fill the interaction store with a synthetic taste stream (<see cref="SyntheticListens"/>, 100,000 tracks) up to
/// --interactions N distinct (user, track) pairs (default 1,000,000; 10,000,000 is the large run), then
/// <see cref="TrainingCycle.RunAsync"/>: export, split, fit WALS and RP3β on the training part, evaluate them and
/// popularity on the held-out part, refit on all data, write and announce. Reports wall time and peak managed heap
/// per stage (the cycle's spans), and the store's bytes per interaction (GC.GetTotalMemory after a full collection,
/// before and after filling). Fits are cold (Training:WarmStart is off by default).
/// Options: --interactions N, --tracks N (100000), --listens N per user (60).
/// </summary>
public sealed class TrainingCycleBenchmark : IBenchmark
{
    public string Name => "training-cycle";
    public string Options => "[--interactions 1000000] [--tracks 100000] [--listens 60]";
    public string Description => "one training cycle on 1M (or --interactions 10000000) synthetic interactions: time and peak heap per stage, store bytes per interaction";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var target = int.Parse(BenchArgs.Value(args, "--interactions", "1000000"));
        var tracks = int.Parse(BenchArgs.Value(args, "--tracks", "100000"));
        var perUser = int.Parse(BenchArgs.Value(args, "--listens", "60"));
        var storePath = Directory.CreateTempSubdirectory("openmrs-bench-training-").FullName;
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["ModelStore:Path"] = storePath,
            ["Kafka:BootstrapServers"] = "embedded",
            ["Logging:LogLevel:Default"] = "Warning",
            // Only the cycle this benchmark starts runs: no scheduled retraining or popularity publishing meanwhile.
            ["Training:RetrainAfterEvents"] = long.MaxValue.ToString(),
            ["Training:RetrainInterval"] = "365.00:00:00",
            ["Training:PublishInterval"] = "1.00:00:00",
        });
        builder.AddTrainingService();
        await using var app = builder.Build();
        await app.StartAsync(cancellationToken);
        try
        {
            var store = app.Services.GetRequiredService<InteractionStore>();
            var cycle = app.Services.GetRequiredService<TrainingCycle>();
            using var stages = new StageRecorder(TrainingCycle.Activities.Name);

            var before = GC.GetTotalMemory(forceFullCollection: true);
            var (events, users) = await stages.MeasureAsync("fill", () => Task.FromResult(Fill(store, new SyntheticListens(tracks, seed: 1), perUser, target)));
            var after = GC.GetTotalMemory(forceFullCollection: true);
            Console.WriteLine($"{store.Count} interactions from {events} listens of {users} users; running the cycle");

            var reports = await stages.MeasureAsync("cycle", () => cycle.RunAsync(cancellationToken));
            foreach (var stage in stages.Stages) Console.WriteLine($"  {stage.Stage,-28} {stage.Seconds,8:F2} s  {stage.PeakManagedMegabytes,8:F0} MB");
            BenchmarkResults.Write(target >= 10_000_000 ? "training-cycle-10m" : Name, new
            {
                data = new { interactions = store.Count, listens = events, users, tracks, listensPerUser = perUser },
                store = new { bytesPerInteraction = Math.Round((after - before) / (double)store.Count, 1), managedMegabytes = Math.Round((after - before) / 1048576.0, 1) },
                fits = "cold (warm start is not implemented)",
                stages = stages.Stages,
                decisions = reports.Select(r => new { r.Kind, r.Published, r.Reason }),
                loadAverage = BenchData.LoadAverage(),
            });
            return 0;
        }
        finally
        {
            await app.StopAsync(cancellationToken);
            Directory.Delete(storePath, recursive: true);
        }
    }

    private static (long Events, int Users) Fill(InteractionStore store, SyntheticListens listens, int perUser, int target)
    {
        long events = 0;
        foreach (var listen in listens.Stream(perUser))
        {
            store.Apply(listen, partition: 0);
            if (++events % perUser == 0 && store.Count >= target) break;
        }
        return (events, (int)(events / perUser));
    }
}
