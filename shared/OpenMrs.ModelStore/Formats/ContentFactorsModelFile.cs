using OpenMrs.ModelStore.Store;
using OpenMrs.Recommender.Content;

namespace OpenMrs.ModelStore.Formats;

/// <summary>
/// The one reader and writer of <see cref="ContentFactorsModel"/> files, shared by Training and Serving:
/// <see cref="ModelFileHeader"/> (kind <c>content-factors</c>, format version 1), the audio dimension (int32), the text
/// encoder (<see cref="TextEncoderFile"/>), an int32 layer count, then per layer: inputs and outputs (int32 each),
/// ReLU (bool), the weights (float32 × outputs × inputs, row-major) and the biases (float32 × outputs).
/// Little-endian throughout. The forward pass needs nothing but this file (<see cref="DenseNetwork.Forward"/>).
/// </summary>
public static class ContentFactorsModelFile
{
    public const ushort FormatVersion = 1;
    private const int MaxLayers = 64;
    private const int MaxWidth = 1 << 24;

    public static void Write(Stream stream, ContentFactorsModel model)
    {
        using var writer = new BinaryWriter(stream, ModelFileHeader.Utf8, leaveOpen: true);
        ModelFileHeader.Write(writer, ContentFactorsModel.Kind, FormatVersion);
        writer.Write(model.AudioDimension);
        TextEncoderFile.Write(writer, model.Text);
        writer.Write(model.Network.Layers.Count);
        foreach (var layer in model.Network.Layers)
        {
            writer.Write(layer.Inputs);
            writer.Write(layer.Outputs);
            writer.Write(layer.Relu);
            foreach (var w in layer.Weights) writer.Write(w);
            foreach (var b in layer.Bias) writer.Write(b);
        }
    }

    /// <exception cref="ModelFormatException">The stream is not a valid content-factors model file.</exception>
    public static ContentFactorsModel Read(Stream stream)
    {
        using var reader = new BinaryReader(stream, ModelFileHeader.Utf8, leaveOpen: true);
        ModelFileHeader.Read(reader, ContentFactorsModel.Kind, FormatVersion);
        try
        {
            var audio = reader.ReadInt32();
            var text = TextEncoderFile.Read(reader);
            var count = reader.ReadInt32();
            if (count is < 1 or > MaxLayers) throw new ModelFormatException($"content-factors model: invalid layer count {count}");
            var layers = new DenseLayer[count];
            for (var l = 0; l < count; l++)
            {
                var inputs = reader.ReadInt32();
                var outputs = reader.ReadInt32();
                if (inputs is < 1 or > MaxWidth || outputs is < 1 or > MaxWidth)
                    throw new ModelFormatException($"content-factors model: layer {l} has invalid shape {inputs} → {outputs}");
                var relu = reader.ReadBoolean();
                layers[l] = new DenseLayer(inputs, outputs, ReadFloats(reader, checked(inputs * outputs)), ReadFloats(reader, outputs), relu);
            }
            return new ContentFactorsModel(audio, text, new DenseNetwork(layers));
        }
        catch (Exception ex) when (ex is EndOfStreamException or ArgumentException or System.Text.DecoderFallbackException or OverflowException)
        {
            throw new ModelFormatException($"content-factors model: {(ex is EndOfStreamException ? "the file is truncated" : ex.Message)}", ex);
        }
    }

    /// <summary>Writes <paramref name="model"/> as a new version of <c>content-factors</c>.</summary>
    public static Task<ModelManifest> PublishAsync(
        IModelStore store, ContentFactorsModel model, IReadOnlyDictionary<string, double>? metrics, ModelProvenance? provenance,
        CancellationToken cancellationToken) =>
        store.WriteAsync(ContentFactorsModel.Kind, (s, ct) =>
        {
            ct.ThrowIfCancellationRequested();
            Write(s, model);
            return Task.CompletedTask;
        }, metrics, provenance, cancellationToken);

    /// <exception cref="ModelNotFoundException">No such version.</exception>
    /// <exception cref="ModelFormatException">The file is not a valid content-factors model.</exception>
    public static ContentFactorsModel Load(IModelStore store, string version)
    {
        using var stream = store.OpenRead(ContentFactorsModel.Kind, version);
        using var buffered = new BufferedStream(stream, 1 << 20);
        return Read(buffered);
    }

    private static float[] ReadFloats(BinaryReader reader, int count)
    {
        var values = new float[count];
        var bytes = reader.ReadBytes(checked(count * sizeof(float)));
        if (bytes.Length != count * sizeof(float)) throw new EndOfStreamException();
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }
}
