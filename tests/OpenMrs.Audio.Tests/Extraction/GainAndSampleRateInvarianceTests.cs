using System.Globalization;
using System.Numerics.Tensors;
using OpenMrs.Audio.Decoding;
using OpenMrs.Audio.Descriptors;
using OpenMrs.Audio.Extraction;
using OpenMrs.Audio.Models;
using OpenMrs.Audio.Tests.Decoding;
using OpenMrs.Testing.TestAudio;
using Xunit.Abstractions;

namespace OpenMrs.Audio.Tests.Extraction;

/// <summary>
/// Every descriptor and the embedding against the gain and the sample rate of the source file. One clip with known
/// answers (E major I–IV–V–I struck on every beat at 120 BPM, partials below 2.4 kHz so an 8 kHz file holds all of it)
/// is synthesised at 96 kHz; ffmpeg makes each version (−40, −20, 0 dB and peak-normalised; 8, 22.05, 44.1 and 96 kHz)
/// as float WAV, so no quantisation noise is added, and the extractor decodes it to 22,050 Hz like the service does.
/// The reference is the 0 dB, 22,050 Hz version. Tolerances: services/Features/README.md, "Gain and sample-rate invariance".
/// </summary>
public sealed class GainAndSampleRateInvarianceTests(GainAndSampleRateInvarianceTests.Clip clip, ITestOutputHelper output)
    : IClassFixture<GainAndSampleRateInvarianceTests.Clip>
{
    private const int ReferenceRate = 22050;
    private const string Normalised = "normalised";

    public static TheoryData<string, int> Versions()
    {
        var data = new TheoryData<string, int>();
        foreach (var gain in new[] { "-40", "-20", "0", Normalised })
            foreach (var rate in new[] { 8000, 22050, 44100, 96000 })
                if (!(gain == "0" && rate == ReferenceRate)) data.Add(gain, rate);
        return data;
    }

    [Fact]
    public void The_reference_has_the_clips_tempo_and_key()
    {
        var d = clip.Reference.Descriptors;
        Assert.InRange(d.TempoBpm ?? 0, 120 * 0.99, 120 * 1.01);
        Assert.Equal((4, 1), (d.Key, d.Mode)); // E major
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Descriptors_and_embedding_do_not_depend_on_gain_or_sample_rate(string gain, int sampleRate)
    {
        var gainDb = gain == Normalised ? clip.NormalisingGainDb : double.Parse(gain, CultureInfo.InvariantCulture);
        var result = (await clip.Extractor.ExtractAsync([clip.Version(gainDb, sampleRate)]))[0];
        Assert.True(result.Succeeded, result.Error?.Message);

        var tolerance = sampleRate == ReferenceRate ? Tolerance.GainOnly : Tolerance.OtherRate;
        var check = new Comparison(clip.Reference, result.Features!, gainDb, clip.OtherClipDistance);
        check.All(tolerance);
        output.WriteLine($"gain {gainDb:F2} dB, {sampleRate} Hz\n{check.Report}");
        Assert.True(check.Violations.Count == 0, $"{gain} dB at {sampleRate} Hz: {string.Join("; ", check.Violations)}\n{check.Report}");
    }

    /// <summary>Largest allowed differences from the reference (loudness: from the reference plus the gain).</summary>
    /// <param name="EmbeddingFraction">Embedding distance to the reference as a fraction of the distance between two different clips.</param>
    public sealed record Tolerance(double Seconds, double LoudnessDb, double TempoBpm, double Confidence, double CentroidHz,
        double RolloffHz, double FlatnessFraction, double ZeroCrossingRate, double OnsetRate, double EmbeddingFraction)
    {
        /// <summary>Same samples scaled: only float rounding differs.</summary>
        public static readonly Tolerance GainOnly = new(Seconds: 1e-9, LoudnessDb: 0.001, TempoBpm: 0.01, Confidence: 1e-3,
            CentroidHz: 0.1, RolloffHz: 0.1, FlatnessFraction: 1e-5, ZeroCrossingRate: 1e-4, OnsetRate: 1e-9, EmbeddingFraction: 1e-3);

        /// <summary>Resampled by ffmpeg to the source rate, then by the decoder to 22,050 Hz.</summary>
        public static readonly Tolerance OtherRate = new(Seconds: 0.001, LoudnessDb: 0.01, TempoBpm: 0.1, Confidence: 0.001,
            CentroidHz: 1, RolloffHz: 2, FlatnessFraction: 1e-3, ZeroCrossingRate: 2e-4, OnsetRate: 0.05, EmbeddingFraction: 0.01);
    }

    private sealed class Comparison(TrackAudioFeatures reference, TrackAudioFeatures version, double gainDb, double otherClipDistance)
    {
        private readonly List<string> _lines = [];
        public List<string> Violations { get; } = [];
        public string Report => string.Join("\n", _lines);

        public void All(Tolerance t)
        {
            AudioDescriptors r = reference.Descriptors, v = version.Descriptors;
            Near("DurationSeconds", r.DurationSeconds, v.DurationSeconds, t.Seconds);
            Near("LoudnessDb − gain", r.LoudnessDb, v.LoudnessDb - gainDb, t.LoudnessDb);
            Near("RmsLoudnessDb − gain", r.RmsLoudnessDb, v.RmsLoudnessDb - gainDb, t.LoudnessDb);
            Near("10·log10 Energy − gain", 10 * Math.Log10(r.Energy), 10 * Math.Log10(v.Energy) - gainDb, t.LoudnessDb);
            Near("TempoBpm", r.TempoBpm ?? double.NaN, v.TempoBpm ?? double.NaN, t.TempoBpm);
            Near("TempoConfidence", r.TempoConfidence ?? double.NaN, v.TempoConfidence ?? double.NaN, t.Confidence);
            Same("Key", r.Key, v.Key);
            Same("Mode", r.Mode, v.Mode);
            Near("KeyConfidence", r.KeyConfidence ?? double.NaN, v.KeyConfidence ?? double.NaN, t.Confidence);
            Near("SpectralCentroidHz", r.SpectralCentroidHz, v.SpectralCentroidHz, t.CentroidHz);
            Near("SpectralRolloffHz", r.SpectralRolloffHz, v.SpectralRolloffHz, t.RolloffHz);
            Near("SpectralFlatness / reference − 1", 0, v.SpectralFlatness / r.SpectralFlatness - 1, t.FlatnessFraction);
            Near("ZeroCrossingRate", r.ZeroCrossingRate, v.ZeroCrossingRate, t.ZeroCrossingRate);
            Near("OnsetRate", r.OnsetRate, v.OnsetRate, t.OnsetRate);
            Near("embedding distance / other-clip distance", 0, TensorPrimitives.Distance(reference.Embedding, version.Embedding) / otherClipDistance, t.EmbeddingFraction);
        }

        private void Near(string name, double expected, double actual, double tolerance)
        {
            var difference = Math.Abs(actual - expected);
            _lines.Add($"{name}: {expected:G6} vs {actual:G6} (|Δ| {difference:G3}, allowed {tolerance:G3})");
            if (!(difference <= tolerance)) Violations.Add($"{name} {actual:G6} vs {expected:G6}, |Δ| {difference:G3} > {tolerance:G3}");
        }

        private void Same(string name, int? expected, int? actual)
        {
            _lines.Add($"{name}: {expected} vs {actual}");
            if (expected != actual) Violations.Add($"{name} {actual} vs {expected}");
        }
    }

    /// <summary>The master clip, its reference features and the extractor (cnn-m, seed 1), shared by every row.</summary>
    public sealed class Clip : IAsyncLifetime
    {
        private const int MasterRate = 96000;
        private readonly TempDirectory _dir = new();
        private AudioEmbedder? _embedder;
        private string _master = "";

        public FeatureExtractor Extractor { get; private set; } = null!;
        public TrackAudioFeatures Reference { get; private set; } = null!;
        /// <summary>The gain that brings the master's peak to 0 dBFS.</summary>
        public double NormalisingGainDb { get; private set; }
        /// <summary>Embedding distance from the reference to a different clip (A minor at 96 BPM): the scale for embedding tolerances.</summary>
        public double OtherClipDistance { get; private set; }

        public static float[] Cadence(int tonic, bool major, double bpm, int sampleRate)
        {
            var root = 48 + tonic;
            int[] Triad(int r, bool isMajor) => [r, r + (isMajor ? 4 : 3), r + 7];
            int[][] chords = [Triad(root, major), Triad(root + 5, major), Triad(root + 7, true), Triad(root, major)];
            return Signals.StruckChords(chords, bpm, beatsPerChord: 4, seconds: 20, harmonics: 6, sampleRate: sampleRate);
        }

        public string Version(double gainDb, int sampleRate)
        {
            var path = _dir.File($"clip_{gainDb.ToString("F3", CultureInfo.InvariantCulture)}dB_{sampleRate}.wav");
            if (!File.Exists(path)) Ffmpeg.Convert(_master, path, gainDb, sampleRate);
            return path;
        }

        public async Task InitializeAsync()
        {
            var master = Cadence(tonic: 4, major: true, bpm: 120, MasterRate);
            _master = _dir.File("master.wav");
            WavWriter.Write(_master, master, MasterRate, format: WavWriter.SampleFormat.Float32);
            NormalisingGainDb = -20 * Math.Log10(master.Max(MathF.Abs));

            _embedder = AudioEmbedder.Create(new AudioEmbedderOptions { Seed = 1 });
            Extractor = new FeatureExtractor(embedder: _embedder);
            var reference = (await Extractor.ExtractAsync([Version(0, ReferenceRate)]))[0];
            Reference = reference.Features ?? throw new InvalidOperationException(reference.Error?.Message);

            var other = Extractor.Extract([new DecodedAudio(Cadence(tonic: 9, major: false, bpm: 96, ReferenceRate), ReferenceRate, "synthetic")])[0];
            OtherClipDistance = TensorPrimitives.Distance(Reference.Embedding, other.Embedding);
        }

        public Task DisposeAsync()
        {
            Extractor.Dispose();
            _embedder?.Dispose();
            _dir.Dispose();
            return Task.CompletedTask;
        }
    }
}
