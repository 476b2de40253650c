using OpenMrs.ModelStore.Store;
using OpenMrs.Recommender.Sequences;

namespace OpenMrs.ModelStore.Formats;

/// <summary>
/// The binary file of a <see cref="SequenceModel"/>: <see cref="ModelFileHeader"/> (kind <c>sequence</c>, format
/// version 1); int32 embedding dimensions; float64 validation MAE and baseline MAE; the scaler as int32 F then F λ,
/// F means, F scales (float64); the GRU as int32 layer count, then per layer int32 input and hidden size and its
/// weight_ih, weight_hh, bias_ih, bias_hh (float32, PyTorch layout); then int32 D, the read-out weight [D × H] and bias [D].
/// Little-endian throughout.
/// </summary>
public static class SequenceModelFile
{
    public const ushort FormatVersion = 1;
    private const int MaxSize = 1 << 16;

    public static void Write(Stream stream, SequenceModel model)
    {
        using var writer = new BinaryWriter(stream, ModelFileHeader.Utf8, leaveOpen: true);
        ModelFileHeader.Write(writer, SequenceModel.Kind, FormatVersion);
        writer.Write(model.EmbeddingDimensions);
        writer.Write(model.ValidationMae);
        writer.Write(model.BaselineMae);
        writer.Write(model.Features);
        foreach (var values in new[] { model.Scaler.Lambdas, model.Scaler.Means, model.Scaler.Scales })
            foreach (var v in values) writer.Write(v);
        writer.Write(model.Network.Layers.Count);
        foreach (var layer in model.Network.Layers)
        {
            writer.Write(layer.InputSize);
            writer.Write(layer.HiddenSize);
            foreach (var array in new[] { layer.WeightIh, layer.WeightHh, layer.BiasIh, layer.BiasHh }) WriteFloats(writer, array);
        }
        writer.Write(model.Network.OutputSize);
        WriteFloats(writer, model.Network.OutputWeight);
        WriteFloats(writer, model.Network.OutputBias);
    }

    /// <exception cref="ModelFormatException">The stream is not a valid sequence model file.</exception>
    public static SequenceModel Read(Stream stream)
    {
        using var reader = new BinaryReader(stream, ModelFileHeader.Utf8, leaveOpen: true);
        ModelFileHeader.Read(reader, SequenceModel.Kind, FormatVersion);
        try
        {
            var embedding = Size(reader.ReadInt32(), "embedding dimensions", allowZero: true);
            var (validationMae, baselineMae) = (reader.ReadDouble(), reader.ReadDouble());
            var features = Size(reader.ReadInt32(), "feature count");
            double[] Doubles() => Enumerable.Range(0, features).Select(_ => reader.ReadDouble()).ToArray();
            var scaler = new YeoJohnsonScaler(Doubles(), Doubles(), Doubles());
            var layers = new List<GruLayer>();
            for (var count = Size(reader.ReadInt32(), "layer count"); layers.Count < count;)
            {
                var (input, hidden) = (Size(reader.ReadInt32(), "input size"), Size(reader.ReadInt32(), "hidden size"));
                layers.Add(new GruLayer(input, hidden, ReadFloats(reader, 3 * hidden * input), ReadFloats(reader, 3 * hidden * hidden),
                    ReadFloats(reader, 3 * hidden), ReadFloats(reader, 3 * hidden)));
            }
            var outputs = Size(reader.ReadInt32(), "output size");
            var network = new GruNetwork(layers, ReadFloats(reader, outputs * layers[^1].HiddenSize), ReadFloats(reader, outputs));
            return new SequenceModel(scaler, embedding, network, validationMae, baselineMae);
        }
        catch (EndOfStreamException ex)
        {
            throw new ModelFormatException("sequence model: the file is truncated", ex);
        }
        catch (ArgumentException ex)
        {
            throw new ModelFormatException($"sequence model: {ex.Message}", ex);
        }
    }

    /// <summary>Writes <paramref name="model"/> as a new version in <paramref name="store"/>, its MAEs in the manifest's metrics.</summary>
    public static Task<ModelManifest> PublishAsync(IModelStore store, SequenceModel model, CancellationToken cancellationToken) =>
        store.WriteAsync(SequenceModel.Kind, (s, ct) =>
        {
            ct.ThrowIfCancellationRequested();
            Write(s, model);
            return Task.CompletedTask;
        }, new Dictionary<string, double> { ["validation_mae"] = model.ValidationMae, ["repeat_last_mae"] = model.BaselineMae }, cancellationToken);

    /// <summary>Reads one version of the sequence model from <paramref name="store"/>.</summary>
    public static SequenceModel Load(IModelStore store, string version)
    {
        using var stream = store.OpenRead(SequenceModel.Kind, version);
        return Read(stream);
    }

    private static int Size(int value, string what, bool allowZero = false) =>
        value >= (allowZero ? 0 : 1) && value <= MaxSize ? value : throw new ModelFormatException($"sequence model: invalid {what} {value}");

    private static void WriteFloats(BinaryWriter writer, float[] values)
    {
        foreach (var v in values) writer.Write(v);
    }

    private static float[] ReadFloats(BinaryReader reader, int count)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++) values[i] = reader.ReadSingle();
        return values;
    }
}
