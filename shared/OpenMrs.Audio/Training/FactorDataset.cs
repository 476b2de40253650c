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
    public static FactorDataset Build(AudioCnnSpec spec, IReadOnlyList<FactorTrack> tracks)
    {
        if (tracks.Count == 0) throw new ArgumentException("No tracks to train on.", nameof(tracks));
        for (var i = 0; i < tracks.Count; i++)
        {
            WaveformFraming.Validate(tracks[i].Waveform, i);
            if (tracks[i].Factors.Length != spec.Outputs)
                throw new ArgumentException($"Track {tracks[i].TrackId} has {tracks[i].Factors.Length} factors; the model predicts {spec.Outputs}.");
        }
        var scale = TargetScaleFor(spec.Head, tracks);
        using var spectrograms = new SpectrogramComputer(spec.Spectrogram, CPU);
        var inputs = new List<Tensor>();
        var rows = new List<int>();
        using (var scope = NewDisposeScope())
        {
            for (var t = 0; t < tracks.Count; t++)
            {
                foreach (var input in ModelInputs(spec, spectrograms, tracks[t].Waveform))
                {
                    inputs.Add(input);
                    rows.Add(t);
                }
            }
            var stacked = stack(inputs).MoveToOuterDisposeScope();
            var targets = tensor(rows.SelectMany(t => tracks[t].Factors.Select(f => f * scale)).ToArray(), [rows.Count, spec.Outputs])
                .MoveToOuterDisposeScope();
            return new FactorDataset(stacked, targets, [.. rows], tracks.Select(t => t.TrackId).ToArray(), scale);
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

    private static float TargetScaleFor(AudioHeadKind head, IReadOnlyList<FactorTrack> tracks)
    {
        if (head != AudioHeadKind.TanhRegression) return 1f;
        var max = tracks.Max(t => t.Factors.Length == 0 ? 0 : t.Factors.Max(MathF.Abs));
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
