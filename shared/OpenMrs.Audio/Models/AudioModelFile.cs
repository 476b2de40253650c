using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using TorchSharp;

namespace OpenMrs.Audio.Models;

/// <summary>
/// Weights files: the magic "OMRSCNN\n", a little-endian int32 length, a UTF-8 JSON <see cref="AudioModelHeader"/>,
/// then TorchSharp's state dict. Loading checks the header before touching the tensors.
/// </summary>
public static class AudioModelFile
{
    private static readonly byte[] Magic = "OMRSCNN\n"u8.ToArray();
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static void Save(string path, AudioCnn model, string version, bool trained)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        var header = new AudioModelHeader { Version = version, Trained = trained, Spec = model.Spec };
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        var temporary = path + ".tmp";
        using (var writer = new BinaryWriter(File.Create(temporary)))
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(header, Json);
            writer.Write(Magic);
            writer.Write(json.Length);
            writer.Write(json);
            model.save(writer);
        }
        File.Move(temporary, path, overwrite: true); // readers never see a half-written model
    }

    public static AudioModelHeader ReadHeader(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        return ReadHeader(reader, path);
    }

    /// <summary>Loads a model of whatever architecture the file holds.</summary>
    public static (AudioCnn Model, AudioModelHeader Header) Load(string path, torch.Device? device = null)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        var header = ReadHeader(reader, path);
        var model = AudioCnnFactory.Create(header.Spec);
        LoadState(model, reader, path);
        if (device is not null) model.to(device);
        return (model, header);
    }

    /// <summary>Loads weights into an existing model; the file must hold the same architecture and spec.</summary>
    public static AudioModelHeader LoadInto(AudioCnn model, string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        var header = ReadHeader(reader, path);
        if (header.Spec.Architecture != model.Spec.Architecture)
            throw new AudioModelFormatException($"{path} holds a {header.Spec.Architecture} model, not {model.Spec.Architecture}.");
        if (header.Spec != model.Spec)
            throw new AudioModelFormatException($"{path} holds {header.Spec.Architecture} with a different input or head spec: {JsonSerializer.Serialize(header.Spec, Json)} vs {JsonSerializer.Serialize(model.Spec, Json)}.");
        LoadState(model, reader, path);
        return header;
    }

    private static AudioModelHeader ReadHeader(BinaryReader reader, string path)
    {
        try
        {
            var magic = reader.ReadBytes(Magic.Length);
            if (!magic.AsSpan().SequenceEqual(Magic)) throw new AudioModelFormatException($"{path} is not an Open MRS audio model file.");
            var length = reader.ReadInt32();
            if (length is <= 0 or > 1 << 20) throw new AudioModelFormatException($"{path} has a corrupt header length {length}.");
            var header = JsonSerializer.Deserialize<AudioModelHeader>(reader.ReadBytes(length), Json)
                ?? throw new AudioModelFormatException($"{path} has an empty header.");
            if (header.Format != AudioModelHeader.CurrentFormat)
                throw new AudioModelFormatException($"{path} uses model file format {header.Format}; this build reads {AudioModelHeader.CurrentFormat}.");
            header.Spec.Validate();
            return header;
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException or ArgumentException)
        {
            throw new AudioModelFormatException($"{path} has an unreadable header: {e.Message}", e);
        }
    }

    private static void LoadState(AudioCnn model, BinaryReader reader, string path)
    {
        try
        {
            model.load(reader, strict: true);
        }
        catch (Exception e) when (e is not AudioModelFormatException and not OutOfMemoryException)
        {
            throw new AudioModelFormatException($"{path}: the weights do not fit {model.Spec.Architecture}: {e.Message}", e);
        }
    }
}
