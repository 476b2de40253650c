using OpenMrs.Audio.Decoding;
using OpenMrs.Audio.Descriptors;
using OpenMrs.Audio.Models;
using OpenMrs.Audio.Spectrograms;

namespace OpenMrs.Audio.Extraction;

/// <summary>
/// The pipeline from audio files to features: decode (silence rejected: <see cref="SilenceDetector"/>) → power
/// spectrogram → descriptors, then one batched CNN pass for the embeddings of every file that decoded. Everything
/// but the loudness descriptors is independent of the recording's gain (services/Features/README.md). Thread-safe;
/// the embedder serialises its own forward passes.
/// </summary>
public sealed class FeatureExtractor : IDisposable
{
    /// <summary>
    /// Recorded in every result; bump it when decoding, the silence rule, the embedding's input level or descriptor
    /// definitions change. 2: silence is the noise floor only, loudness gates are relative, flatness has a relative
    /// floor, embeddings are computed at a fixed loudness.
    /// </summary>
    public const string Version = "openmrs-features-2/" + DescriptorExtractor.Version;

    private readonly AudioDecoder _decoder;
    private readonly AudioEmbedder? _embedder;
    private readonly SpectrogramComputer _spectrograms;
    private readonly DescriptorExtractor _descriptors = new();

    /// <param name="embedder">Not owned; null extracts descriptors only.</param>
    public FeatureExtractor(DecodeOptions? decodeOptions = null, AudioEmbedder? embedder = null)
    {
        _decoder = new AudioDecoder((decodeOptions ?? new DecodeOptions()) with { RejectSilence = true });
        _embedder = embedder;
        if (embedder is not null && embedder.SampleRate != _decoder.Options.SampleRate)
            throw new ArgumentException($"the embedder expects {embedder.SampleRate} Hz but decoding produces {_decoder.Options.SampleRate} Hz", nameof(embedder));
        _spectrograms = new SpectrogramComputer(new SpectrogramOptions { SampleRate = _decoder.Options.SampleRate });
    }

    public string? EmbeddingModelVersion => _embedder?.ModelVersion;

    /// <exception cref="AudioDecodeException">The file cannot be decoded or is silent.</exception>
    public Task<DecodedAudio> DecodeAsync(string path, CancellationToken cancellationToken = default) =>
        _decoder.DecodeAsync(path, cancellationToken);

    public AudioDescriptors Describe(float[] samples)
    {
        var power = _spectrograms.PowerSpectrogram(samples);
        var spectrum = new PowerSpectrum(power, _spectrograms.Options.SampleRate, _spectrograms.Options.FftSize, _spectrograms.Options.HopLength);
        return _descriptors.Compute(samples, spectrum);
    }

    /// <summary>Embeddings of decoded signals in one batched pass; empty vectors without an embedder.</summary>
    public float[][] Embed(IReadOnlyList<float[]> signals) =>
        _embedder is null ? signals.Select(_ => Array.Empty<float>()).ToArray() : _embedder.Embed(signals);

    /// <summary>Features of already-decoded signals: descriptors each, embeddings in one batch.</summary>
    public IReadOnlyList<TrackAudioFeatures> Extract(IReadOnlyList<DecodedAudio> decoded)
    {
        var descriptors = decoded.Select(a => Describe(a.Samples)).ToArray();
        var embeddings = Embed(decoded.Select(a => a.Samples).ToArray());
        return decoded.Select((a, i) => new TrackAudioFeatures(descriptors[i], embeddings[i], Version, EmbeddingModelVersion, a.Decoder)).ToArray();
    }

    /// <summary>Decodes every file (failures are reported per file, never thrown) and extracts the rest as one batch.</summary>
    public async Task<IReadOnlyList<ExtractionResult>> ExtractAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken = default)
    {
        var decoded = new DecodedAudio?[paths.Count];
        var errors = new AudioDecodeException?[paths.Count];
        for (var i = 0; i < paths.Count; i++)
        {
            try { decoded[i] = await DecodeAsync(paths[i], cancellationToken); }
            catch (AudioDecodeException ex) { errors[i] = ex; }
        }
        var ok = Enumerable.Range(0, paths.Count).Where(i => decoded[i] is not null).ToArray();
        var features = Extract(ok.Select(i => decoded[i]!).ToArray());
        var results = new ExtractionResult[paths.Count];
        for (var i = 0; i < paths.Count; i++) results[i] = new ExtractionResult(paths[i], null, errors[i]);
        for (var j = 0; j < ok.Length; j++) results[ok[j]] = new ExtractionResult(paths[ok[j]], features[j], null);
        return results;
    }

    public void Dispose() => _spectrograms.Dispose();
}
