using Microsoft.Extensions.Logging;
using OpenMrs.Audio.Spectrograms;
using OpenMrs.Audio.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace OpenMrs.Audio.Models;

/// <summary>
/// Track embeddings from 22,050 Hz mono waveforms: log-mel → CNN in eval mode, batched, on the runtime's device.
/// Deterministic for the same input and weights. One forward pass runs at a time (torch itself uses the threads).
/// </summary>
public sealed class AudioEmbedder : IDisposable
{
    private readonly Lock _gate = new();
    private readonly AudioCnn _model;
    private readonly SpectrogramComputer _spectrograms;

    private AudioEmbedder(AudioCnn model, string version, bool trained, int batchSize, Device device)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "BatchSize must be at least 1.");
        _model = model;
        _model.to(device);
        _model.eval();
        _spectrograms = new SpectrogramComputer(model.Spec.Spectrogram, device);
        ModelVersion = version;
        IsTrained = trained;
        BatchSize = batchSize;
        Device = device;
    }

    /// <summary>Recorded with every embedding: the weights file's version, or "ARCH/random-seed-SEED".</summary>
    public string ModelVersion { get; }
    /// <summary>False for a random initialisation: its embeddings are only useful as a stand-in.</summary>
    public bool IsTrained { get; }
    public Device Device { get; }
    public int BatchSize { get; }
    public AudioCnnSpec Spec => _model.Spec;
    public int EmbeddingDimension => _model.Spec.EmbeddingDimension;
    public int SampleRate => _model.Spec.SampleRate;

    /// <summary>From a weights file when options name one, else a seeded random model of options.Architecture.</summary>
    public static AudioEmbedder Create(AudioEmbedderOptions? options = null, ILogger? logger = null)
    {
        options ??= new AudioEmbedderOptions();
        var runtime = TorchRuntime.EnsureInitialised(options.Runtime, logger);
        AudioEmbedder embedder;
        if (!string.IsNullOrWhiteSpace(options.WeightsPath))
        {
            if (!File.Exists(options.WeightsPath)) throw new FileNotFoundException($"Audio model weights not found: {options.WeightsPath}", options.WeightsPath);
            var (model, header) = AudioModelFile.Load(options.WeightsPath);
            embedder = new AudioEmbedder(model, header.Version, header.Trained, options.BatchSize, runtime.Device);
        }
        else
        {
            embedder = new AudioEmbedder(CreateSeeded(AudioCnnFactory.DefaultSpec(options.Architecture), options.Seed),
                RandomVersion(options.Architecture, options.Seed), trained: false, options.BatchSize, runtime.Device);
        }
        logger?.LogInformation("Audio embedder {Version} ({Architecture}, {Dimension}-d, trained {Trained}) on {Device}, batch {Batch}",
            embedder.ModelVersion, embedder.Spec.Architecture, embedder.EmbeddingDimension, embedder.IsTrained, embedder.Device, embedder.BatchSize);
        return embedder;
    }

    /// <summary>Wraps a model built or trained in this process (it is moved to the device and put in eval mode).</summary>
    public static AudioEmbedder FromModel(AudioCnn model, string version, bool trained, int batchSize = 8, Device? device = null) =>
        new(model, version, trained, batchSize, device ?? TorchRuntime.EnsureInitialised().Device);

    public static string RandomVersion(string architecture, int seed) => $"{architecture}/random-seed-{seed}";

    /// <summary>A model with weights drawn from a generator of its own seeded with <paramref name="seed"/> (same seed → same weights).</summary>
    public static AudioCnn CreateSeeded(AudioCnnSpec spec, int seed)
    {
        TorchRuntime.EnsureInitialised();
        var model = AudioCnnFactory.Create(spec);
        model.Reinitialise(seed);
        return model;
    }

    /// <summary>
    /// One embedding per waveform (22,050 Hz mono, any lengths), each of <see cref="EmbeddingDimension"/> floats. Each
    /// waveform is first brought to <see cref="LoudnessNormalisation.TargetDb"/>, so the embedding does not depend on its gain.
    /// </summary>
    public float[][] Embed(IReadOnlyList<float[]> waveforms22050Mono)
    {
        ArgumentNullException.ThrowIfNull(waveforms22050Mono);
        for (var i = 0; i < waveforms22050Mono.Count; i++) WaveformFraming.Validate(waveforms22050Mono[i], i);
        if (waveforms22050Mono.Count == 0) return [];
        lock (_gate)
        {
            using var noGrad = no_grad();
            return Spec.Framing == AudioInputFraming.Patches ? EmbedByPatches(waveforms22050Mono) : EmbedCentreCrops(waveforms22050Mono);
        }
    }

    public float[] Embed(float[] waveform22050Mono) => Embed([waveform22050Mono])[0];

    private float[][] EmbedCentreCrops(IReadOnlyList<float[]> waveforms)
    {
        var result = new float[waveforms.Count][];
        for (var start = 0; start < waveforms.Count; start += BatchSize)
        {
            using var scope = NewDisposeScope();
            var count = Math.Min(BatchSize, waveforms.Count - start);
            var crops = new float[count][];
            for (var i = 0; i < count; i++) crops[i] = Levelled(waveforms[start + i], crop: true);
            var embeddings = _model.Embed(LogMel(crops));
            CopyRows(embeddings, result, start);
        }
        return result;
    }

    private float[][] EmbedByPatches(IReadOnlyList<float[]> waveforms)
    {
        var result = new float[waveforms.Count][];
        for (var t = 0; t < waveforms.Count; t++)
        {
            using var scope = NewDisposeScope();
            var waveform = Levelled(waveforms[t], crop: waveforms[t].Length < Spec.SamplesPerInput);
            var logMel = _spectrograms.LogMel([waveform]).squeeze(0); // [mels, frames]
            var starts = WaveformFraming.PatchStarts((int)logMel.shape[1], Spec.Frames, Spec.PatchTrimFraction);
            var perPatch = new List<Tensor>();
            for (var s = 0; s < starts.Count; s += BatchSize)
            {
                var count = Math.Min(BatchSize, starts.Count - s);
                var patches = stack(Enumerable.Range(s, count).Select(i => logMel.narrow(1, starts[i], Spec.Frames)).ToArray());
                perPatch.Add(_model.Embed(patches));
            }
            var mean = nn.functional.normalize(cat(perPatch, 0).mean([0], keepdim: true), p: 2, dim: 1);
            CopyRows(mean, result, t);
        }
        return result;
    }

    /// <summary>
    /// A copy of the waveform (centre-cropped or zero-padded to the model input when <paramref name="crop"/>) scaled by
    /// the gain that brings the whole waveform to <see cref="LoudnessNormalisation.TargetDb"/>.
    /// </summary>
    private float[] Levelled(float[] waveform, bool crop) => WaveformFraming.Levelled(waveform, Spec, crop);

    /// <summary>
    /// Log-mel of equal-length clips. On the CPU one clip at a time: batched STFTs of whole clips need hundreds of MB of
    /// intermediates and measured 2× slower per track (tests/benchmarks, logMel_batch1 vs logMel_batch8).
    /// </summary>
    private Tensor LogMel(float[][] clips) => Device.type == DeviceType.CUDA || clips.Length == 1
        ? _spectrograms.LogMel(clips)
        : cat(clips.Select(clip => _spectrograms.LogMel([clip])).ToArray(), 0);

    private static void CopyRows(Tensor embeddings, float[][] into, int offset)
    {
        var cpu = embeddings.contiguous().cpu();
        var width = (int)cpu.shape[1];
        var values = cpu.data<float>().ToArray();
        for (var i = 0; i < cpu.shape[0]; i++) into[offset + i] = values.AsSpan(i * width, width).ToArray();
    }

    public void Dispose()
    {
        _spectrograms.Dispose();
        _model.Dispose();
    }
}
