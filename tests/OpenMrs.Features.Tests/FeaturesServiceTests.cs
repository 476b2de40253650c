using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenMrs.Contracts;
using OpenMrs.Contracts.Events;
using OpenMrs.Contracts.Wire;
using OpenMrs.Features.Telemetry;
using OpenMrs.Messaging;
using OpenMrs.Testing.Kafka;
using OpenMrs.Testing.TestAudio;

namespace OpenMrs.Features.Tests;

/// <summary>The service on the embedded Kafka cluster: real consumer, real producer, real ffmpeg and CNN.</summary>
[Collection(FeaturesTestHost.Collection)]
public sealed class FeaturesServiceTests(KafkaClusterFixture kafka) : IClassFixture<KafkaClusterFixture>, IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(120);
    private readonly string _dir = Directory.CreateTempSubdirectory("openmrs-features-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Good_tracks_yield_features_and_bad_ones_are_dead_lettered_while_the_service_keeps_running()
    {
        var input = kafka.CreateTopic("tracks");
        var output = kafka.CreateTopic("track-features");
        var clicks = Path.Combine(_dir, "clicks-120.wav");
        WavWriter.Write(clicks, Signals.ClickTrack(120, 8), 22050);
        var chords = Path.Combine(_dir, "chords.wav");
        WavWriter.Write(chords, Signals.ChordProgression([[57, 60, 64], [62, 65, 69], [52, 56, 59], [57, 60, 64]], 1.5), 44100 / 2);
        var garbage = Path.Combine(_dir, "notes.mp3");
        await File.WriteAllTextAsync(garbage, "not audio at all " + new string('x', 4000));

        var measurements = new System.Collections.Concurrent.ConcurrentQueue<(string Instrument, string? Reason)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) => { if (instrument.Meter.Name == FeaturesMetrics.MeterName) l.EnableMeasurementEvents(instrument); };
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
        {
            string? reason = null;
            foreach (var tag in tags) if (tag.Key == "reason") reason = tag.Value?.ToString();
            measurements.Enqueue((instrument.Name, reason));
        });
        listener.Start();

        using var host = BuildHost(input, output);
        await host.StartAsync();
        try
        {
            var publisher = host.Services.GetRequiredService<IEventPublisher>();
            await publisher.PublishAsync(input, "t-clicks", new TrackUpsert("t-clicks", "Clicks", "Metronome", AudioUri: clicks));
            await publisher.PublishAsync(input, "t-missing", new TrackUpsert("t-missing", "Gone", "Nobody", AudioUri: Path.Combine(_dir, "missing.flac")));
            await publisher.PublishAsync(input, "t-garbage", new TrackUpsert("t-garbage", "Text", "Nobody", AudioUri: new Uri(garbage).AbsoluteUri));
            await publisher.PublishAsync(input, "t-chords", new TrackUpsert("t-chords", "A minor", "Cadence", AudioUri: "file://" + chords));
            // A catalog entry aimed at the cloud metadata endpoint: refused before any connection.
            await publisher.PublishAsync(input, "t-metadata", new TrackUpsert("t-metadata", "Keys", "Nobody", AudioUri: "http://169.254.169.254/latest/meta-data/iam"));

            var published = (await kafka.ConsumeAsync(output, 2, Wait))
                .Select(m => WireFormat.Deserialize<TrackFeatures>(m.Message.Value))
                .ToDictionary(f => f.TrackId);
            var deadLetters = (await kafka.ConsumeAsync(Topics.DeadLetterOf(input), 3, Wait))
                .ToDictionary(m => Encoding.UTF8.GetString(m.Message.Key!), m => Encoding.UTF8.GetString(m.Message.Headers.GetLastBytes(DeadLetterHeaders.Reason)));

            Assert.Equal(["t-chords", "t-clicks"], published.Keys.Order());
            var clickFeatures = published["t-clicks"];
            Assert.InRange(clickFeatures.Descriptors.TempoBpm ?? 0, 115, 125);
            Assert.Equal(128, clickFeatures.Embedding.Length);
            Assert.Contains("random-seed-7", clickFeatures.EmbeddingModelVersion);
            Assert.False(string.IsNullOrEmpty(clickFeatures.ExtractorVersion));
            Assert.Equal((9, 0), (published["t-chords"].Descriptors.Key, published["t-chords"].Descriptors.Mode)); // A minor

            Assert.Equal(["t-garbage", "t-metadata", "t-missing"], deadLetters.Keys.Order());
            Assert.Contains("fetch-Refused", deadLetters["t-metadata"]);
            Assert.Contains("NotFound", deadLetters["t-missing"]);
            Assert.Contains("decode-Unreadable", deadLetters["t-garbage"]);

            // The counter is bumped after the broker acknowledged the write, so it may trail the consumer here.
            for (var i = 0; i < 100 && measurements.Count(m => m.Instrument == "openmrs.features.tracks_processed") < 2; i++) await Task.Delay(100);
            Assert.Equal(2, measurements.Count(m => m.Instrument == "openmrs.features.tracks_processed"));
            Assert.Equal(["decode-Unreadable", "fetch-NotFound", "fetch-Refused"], measurements.Where(m => m.Instrument == "openmrs.features.failures").Select(m => m.Reason).Order());

            // Still running after the failures: a later track is processed too.
            await publisher.PublishAsync(input, "t-later", new TrackUpsert("t-later", "Later", "Metronome", AudioUri: clicks));
            var all = await kafka.ConsumeAsync(output, 3, Wait);
            Assert.Contains(all, m => Encoding.UTF8.GetString(m.Message.Key!) == "t-later");
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private IHost BuildHost(string input, string output) => FeaturesTestHost.Build(kafka, input, output, Path.Combine(_dir, "model-store"),
        new Dictionary<string, string?> { ["Features:RandomSeed"] = "7", ["Features:MaxBatchWaitMs"] = "100" });
}
