using OpenMrs.ModelStore.Store;
using OpenMrs.Recommender.Content;

namespace OpenMrs.ModelStore.Formats;

/// <summary>
/// The one reader and writer of <see cref="ContentFactorsModel"/> files, shared by Training and Serving:
/// <see cref="ModelFileHeader"/> (kind <c>content-factors</c>, format version 2), the audio dimension (int32), the text
/// encoder (<see cref="TextEncoderFile"/>), the architecture (length-prefixed UTF-8, <c>joint</c> or <c>branched</c>),
/// then the network. <c>joint</c>: one layer list. <c>branched</c>: the audio branch, the text branch and the joint
/// network, each as an int32 input width and a layer list (a branch's list may be empty). A layer list is an int32
/// layer count, then per layer: inputs and outputs (int32 each), ReLU (bool), the weights (float32 × outputs × inputs,
/// row-major) and the biases (float32 × outputs). Little-endian throughout. Version 1 files (no architecture field,
/// always one joint layer list) still load. The forward pass needs nothing but this file (<see cref="IContentNetwork.Forward"/>).
/// </summary>
public static class ContentFactorsModelFile
{
    public const ushort FormatVersion = 2;
    private const ushort OldestFormatVersion = 1;
    private const int MaxLayers = 64;
    private const int MaxWidth = 1 << 24;

    /// <exception cref="ArgumentException">The network or the text encoder has no file format.</exception>
    public static void Write(Stream stream, ContentFactorsModel model)
    {
        using var writer = new BinaryWriter(stream, ModelFileHeader.Utf8, leaveOpen: true);
        ModelFileHeader.Write(writer, ContentFactorsModel.Kind, FormatVersion);
        writer.Write(model.AudioDimension);
        TextEncoderFile.Write(writer, model.Text);
        writer.Write(model.Network.Architecture);
        switch (model.Network)
        {
            case DenseNetwork joint:
                WriteLayers(writer, joint.Layers);
                break;
            case BranchedNetwork branched:
                foreach (var part in new[] { branched.Audio, branched.Text, branched.Joint })
                {
                    writer.Write(part.Inputs);
                    WriteLayers(writer, part.Layers);
                }
                break;
            default:
                throw new ArgumentException($"the content network '{model.Network.Architecture}' has no model file format");
        }
    }

    /// <exception cref="ModelFormatException">The stream is not a valid content-factors model file of a supported format version.</exception>
    public static ContentFactorsModel Read(Stream stream)
    {
        using var reader = new BinaryReader(stream, ModelFileHeader.Utf8, leaveOpen: true);
        var version = ModelFileHeader.Read(reader, ContentFactorsModel.Kind, OldestFormatVersion, FormatVersion);
        try
        {
            var audio = reader.ReadInt32();
            var text = TextEncoderFile.Read(reader);
            var architecture = version == 1 ? DenseNetwork.JointArchitecture : reader.ReadString();
            IContentNetwork network = architecture switch
            {
                DenseNetwork.JointArchitecture => new DenseNetwork(ReadLayers(reader, minimum: 1)),
                BranchedNetwork.BranchedArchitecture => new BranchedNetwork(ReadPart(reader), ReadPart(reader), ReadPart(reader)),
                _ => throw new ModelFormatException($"content-factors model: unknown architecture '{architecture}'"),
            };
            return new ContentFactorsModel(audio, text, network);
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

    private static void WriteLayers(BinaryWriter writer, IReadOnlyList<DenseLayer> layers)
    {
        writer.Write(layers.Count);
        foreach (var layer in layers)
        {
            writer.Write(layer.Inputs);
            writer.Write(layer.Outputs);
            writer.Write(layer.Relu);
            foreach (var w in layer.Weights) writer.Write(w);
            foreach (var b in layer.Bias) writer.Write(b);
        }
    }

    private static DenseNetwork ReadPart(BinaryReader reader)
    {
        var inputs = reader.ReadInt32();
        if (inputs is < 1 or > MaxWidth) throw new ModelFormatException($"content-factors model: invalid branch width {inputs}");
        return new DenseNetwork(inputs, ReadLayers(reader, minimum: 0));
    }

    private static DenseLayer[] ReadLayers(BinaryReader reader, int minimum)
    {
        var count = reader.ReadInt32();
        if (count < minimum || count > MaxLayers) throw new ModelFormatException($"content-factors model: invalid layer count {count}");
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
        return layers;
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
