using OpenMrs.Audio.Models;
using OpenMrs.Audio.Spectrograms;
using static TorchSharp.torch;

namespace OpenMrs.Audio.Training;

/// <summary>
/// Log-mel inputs and factor targets for training a CNN to predict collaborative factors from audio (ALGORITHMS.md A
/// and C). Inputs are float [rows, MelBands, Frames] in dB on the CPU, prepared exactly as <see cref="AudioEmbedder"/>
/// prepares them (levelled to <see cref="LoudnessNormalisation.TargetDb"/>; one centre crop per track, or up to
/// <see cref="MaxPatchesPerTrack"/> trimmed half-overlapping patches for <see cref="AudioInputFraming.Patches"/>).
/// Targets are float [rows, k]: the factors times <see cref="TargetScale"/> for the tanh head (so they lie in ±0.9),
/// the raw factors for the cosine head (its loss ignores length). Each row remembers its track.
/// </summary>
public sealed class FactorDataset : IDisposable
{
    /// <summary>Patches taken from one track at most (evenly spread), so long tracks do not dominate.</summary>
    public const int MaxPatchesPerTrack = 8;

    private FactorDataset(Tensor inputs, Tensor targets, int[] trackOfRow, IReadOnlyList<string> trackIds, float targetScale)
    {
        Inputs = inputs;
        Targets = targets;
        TrackOfRow = trackOfRow;
        TrackIds = trackIds;
        TargetScale = targetScale;
    }

    public Tensor Inputs { get; }
    public Tensor Targets { get; }
    /// <summary>The index in <see cref="TrackIds"/> of each row's track.</summary>
    public IReadOnlyList<int> TrackOfRow { get; }
    public IReadOnlyList<string> TrackIds { get; }
    /// <summary>The factor of the targets: 0.9 / max |factor| for the tanh head, 1 for the cosine head.</summary>
    public float TargetScale { get; }
    public int Rows => TrackOfRow.Count;

    /// <summary>Builds the dataset of <paramref name="tracks"/> for a model of <paramref name="spec"/>.</summary>
    /// <exception cref="ArgumentException">No tracks, factor lengths differ from <see cref="AudioCnnSpec.Outputs"/>, or a waveform is empty or not finite.</exception>
    public static FactorDataset Build(AudioCnnSpec spec, IEnumerable<FactorTrack> tracks)
    {
        using var builder = new Builder(spec);
        foreach (var track in tracks) builder.Add(track);
        return builder.Build();
    }

    /// <summary>
    /// Adds tracks one at a time, keeping only their log-mel inputs, so a catalogue's decoded audio need not be held at
    /// once. Not thread-safe.
    /// </summary>
    public sealed class Builder(AudioCnnSpec spec) : IDisposable
    {
        private readonly SpectrogramComputer _spectrograms = new(spec.Spectrogram, CPU);
        private readonly List<Tensor> _inputs = [];
        private readonly List<int> _rows = [];
        private readonly List<string> _ids = [];
        private readonly List<float[]> _factors = [];

        public int Tracks => _ids.Count;

        /// <exception cref="ArgumentException">The waveform is empty or not finite, or the factors' length is not the model's outputs.</exception>
        public void Add(FactorTrack track)
        {
            WaveformFraming.Validate(track.Waveform, _ids.Count);
            if (track.Factors.Length != spec.Outputs)
                throw new ArgumentException($"Track {track.TrackId} has {track.Factors.Length} factors; the model predicts {spec.Outputs}.");
            using var scope = NewDisposeScope();
            foreach (var input in ModelInputs(spec, _spectrograms, track.Waveform))
            {
                _inputs.Add(input.clone().MoveToOuterDisposeScope());
                _rows.Add(_ids.Count);
            }
            _ids.Add(track.TrackId);
            _factors.Add(track.Factors);
        }

        /// <exception cref="ArgumentException">No tracks were added.</exception>
        public FactorDataset Build()
        {
            if (_ids.Count == 0) throw new ArgumentException("No tracks to train on.");
            var scale = TargetScaleFor(spec.Head, _factors);
            var inputs = stack(_inputs);
            var targets = tensor(_rows.SelectMany(t => _factors[t].Select(f => f * scale)).ToArray(), [_rows.Count, spec.Outputs]);
            return new FactorDataset(inputs, targets, [.. _rows], [.. _ids], scale);
        }

        public void Dispose()
        {
            foreach (var input in _inputs) input.Dispose();
            _spectrograms.Dispose();
        }
    }

    /// <summary>The rows of the given tracks (indices into <see cref="TrackIds"/>), sharing nothing with this dataset.</summary>
    public FactorDataset Subset(IReadOnlyCollection<int> tracks)
    {
        var keep = new HashSet<int>(tracks);
        var rows = Enumerable.Range(0, Rows).Where(r => keep.Contains(TrackOfRow[r])).ToArray();
        if (rows.Length == 0) throw new ArgumentException("The subset has no rows.", nameof(tracks));
        using var index = tensor(rows.Select(r => (long)r).ToArray());
        return new FactorDataset(Inputs.index_select(0, index), Targets.index_select(0, index), rows.Select(r => TrackOfRow[r]).ToArray(), TrackIds, TargetScale);
    }

    /// <summary>
    /// The model's output per track of this dataset (the mean over a track's rows), in <see cref="TrackIds"/> order;
    /// null for tracks without rows. Eval mode, no gradients; outputs are in target units (factors × TargetScale).
    /// </summary>
    public float[]?[] PredictPerTrack(AudioCnn model, int batchSize = 32)
    {
        using var outputs = FactorFitter.Predict(model, Inputs, batchSize);
        var values = outputs.data<float>().ToArray();
        var width = (int)outputs.shape[1];
        var sums = new float[TrackIds.Count][];
        var counts = new int[TrackIds.Count];
        for (var r = 0; r < Rows; r++)
        {
            var t = TrackOfRow[r];
            var sum = sums[t] ??= new float[width];
            for (var j = 0; j < width; j++) sum[j] += values[r * width + j];
            counts[t]++;
        }
        for (var t = 0; t < sums.Length; t++)
            if (sums[t] is { } sum) for (var j = 0; j < width; j++) sum[j] /= counts[t];
        return sums;
    }

    private static float TargetScaleFor(AudioHeadKind head, IReadOnlyList<float[]> factors)
    {
        if (head != AudioHeadKind.TanhRegression) return 1f;
        var max = factors.Max(f => f.Length == 0 ? 0 : f.Max(MathF.Abs));
        return max > 0 ? 0.9f / max : 1f;
    }

    private static IEnumerable<Tensor> ModelInputs(AudioCnnSpec spec, SpectrogramComputer spectrograms, float[] waveform)
    {
        if (spec.Framing != AudioInputFraming.Patches)
        {
            yield return spectrograms.LogMel([WaveformFraming.Levelled(waveform, spec, crop: true)]).squeeze(0);
            yield break;
        }
        var levelled = WaveformFraming.Levelled(waveform, spec, crop: waveform.Length < spec.SamplesPerInput);
        var logMel = spectrograms.LogMel([levelled]).squeeze(0);
        var starts = WaveformFraming.PatchStarts((int)logMel.shape[1], spec.Frames, spec.PatchTrimFraction);
        var take = Math.Min(starts.Count, MaxPatchesPerTrack);
        for (var i = 0; i < take; i++) yield return logMel.narrow(1, starts[i * starts.Count / take], spec.Frames);
    }

    public void Dispose()
    {
        Inputs.Dispose();
        Targets.Dispose();
    }
}
