using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OpenMrs.Audio.Sequences;
using OpenMrs.Contracts.Events;
using OpenMrs.ModelStore.Formats;
using OpenMrs.ModelStore.Store;
using OpenMrs.Recommender.Sequences;
using OpenMrs.Benchmarks.Benchmarks.Personal;
using OpenMrs.Serving.Grains.Content;
using OpenMrs.Serving.Grains.Models;
using OpenMrs.Testing.Planted;

namespace OpenMrs.Benchmarks.Benchmarks;

/// <summary>
/// Playlist continuation (DISCO): the sequence model's training throughput (CPU; predicted session steps per second)
/// and validation MAE against repeat-the-last-track on planted-drift sessions, then <c>POST /v1/playlists/continue</c>
/// for 20 tracks from 3 seeds through an in-process Serving host whose WALS, RP3β and popularity models cover the
/// catalogue, every track with random descriptors, the sequence model loaded. Options: --tracks N (100000),
/// --users N (10000), --sessions N (3000), --requests N (400), --concurrency N (4).
/// </summary>
public sealed class ContinuationBenchmark : IBenchmark
{
    public string Name => "continuation";
    public string Options => "[--tracks 100000] [--users 10000] [--sessions 3000] [--requests 400] [--concurrency 4]";
    public string Description => "sequence model training throughput and validation MAE; /v1/playlists/continue p50/p99 for 20 tracks over 100k";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var tracks = int.Parse(BenchArgs.Value(args, "--tracks", "100000"));
        var users = int.Parse(BenchArgs.Value(args, "--users", "10000"));
        var sessionCount = int.Parse(BenchArgs.Value(args, "--sessions", "3000"));
        var requests = int.Parse(BenchArgs.Value(args, "--requests", "400"));
        var concurrency = int.Parse(BenchArgs.Value(args, "--concurrency", "4"));

        Console.WriteLine($"training the sequence model on {sessionCount} planted-drift sessions");
        var sessions = DriftingSessions.Generate(sessionCount, seed: 1).Select(s => (IReadOnlyList<double[]>)[.. s.Select(d => SequenceFeatures.Of(d, [], 0))]).ToList();
        var clock = Stopwatch.StartNew();
        var training = SequenceModelTrainer.Train(sessions, 0, new SequenceTrainingOptions(), cancellationToken);
        var trainSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"{training.Epochs} epochs in {trainSeconds:F1} s, {training.StepsPerSecond:F0} steps/s; validation MAE {training.Model.ValidationMae:F3}, repeat-last {training.Model.BaselineMae:F3}");

        var listens = new SyntheticListens(tracks, seed: 3);
        Console.WriteLine($"fitting WALS and RP3β on {users} users over {tracks} tracks");
        var models = SyntheticPersonalModels.Fit(listens, users, listensPerUser: 50, factors: 32, cancellationToken);
        var latency = await ServingHost.RunAsync(null, null, async app =>
        {
            var store = app.Services.GetRequiredService<IModelStore>();
            var loader = app.Services.GetRequiredService<ModelLoader>();
            await models.PublishAndLoadAsync(store, loader, cancellationToken);
            var sequence = await SequenceModelFile.PublishAsync(store, training.Model, cancellationToken);
            loader.Load(sequence.Kind, sequence.Version);
            var descriptors = app.Services.GetRequiredService<TrackDescriptorStore>();
            var random = new Random(7);
            for (var t = 0; t < tracks; t++)
                descriptors.Upsert(SyntheticListens.TrackId(t), new TrackDescriptors(200, -25 + 15 * random.NextDouble(), -20,
                    TempoBpm: 70 + 100 * random.NextDouble(), Key: random.Next(12), Mode: random.Next(2), Energy: random.NextDouble(),
                    SpectralCentroidHz: 800 + 3000 * random.NextDouble(), SpectralRolloffHz: 2000 + 5000 * random.NextDouble(),
                    SpectralFlatness: 0.3 * random.NextDouble(), ZeroCrossingRate: 0.1 * random.NextDouble(), OnsetRate: 4 * random.NextDouble()));

            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var http = new HttpClient { BaseAddress = new Uri(address) };
            var seeds = Enumerable.Range(0, requests + 50).Select(_ => Enumerable.Range(0, 3).Select(_ => SyntheticListens.TrackId(random.Next(tracks))).ToArray()).ToArray();
            async ValueTask Continue(int i)
            {
                using var response = await http.PostAsJsonAsync("/v1/playlists/continue", new { seedTrackIds = seeds[i], length = 20 }, cancellationToken);
                response.EnsureSuccessStatusCode();
            }
            await Latency.MeasureAsync(50, concurrency, i => Continue(requests + i));
            return await Latency.MeasureAsync(requests, concurrency, Continue);
        }, cancellationToken);
        Console.WriteLine($"continue 20: p50 {latency.P50Ms} ms, p99 {latency.P99Ms} ms, {latency.RequestsPerSecond}/s at concurrency {concurrency}");

        BenchmarkResults.Write(Name, new
        {
            sequenceModel = new
            {
                sessions = sessionCount, training.TrainSessions, training.ValidationSessions, training.Epochs, training.BestEpoch,
                trainSeconds = Math.Round(trainSeconds, 1), stepsPerSecond = Math.Round(training.StepsPerSecond),
                validationMae = Math.Round(training.Model.ValidationMae, 4), repeatLastMae = Math.Round(training.Model.BaselineMae, 4),
                device = OpenMrs.Audio.Torch.TorchRuntime.Current.ToString(),
            },
            continuation = new { tracks, models.Interactions, length = 20, seeds = 3, latency },
            loadAverage = BenchData.LoadAverage(),
        });
        return 0;
    }
}
