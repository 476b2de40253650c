using System.Text;
using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Models;

namespace OpenMrs.Recommender.Persistence;

/// <summary>A model read back from a file, with the ids that name its user and item indices.</summary>
public sealed record LoadedModel(IRecommender Model, IdMap Users, IdMap Items);

/// <summary>
/// The versioned model file: magic "OMRSMODL", format version, model kind, user ids, item ids, then the model's own
/// payload (<see cref="IRecommender.Save"/>). Loading dispatches on the kind to the loader registered in <see cref="ModelCatalog"/>.
/// </summary>
public static class ModelFile
{
    public const int FormatVersion = 1;
    private static readonly byte[] Magic = "OMRSMODL"u8.ToArray();

    public static void Save(Stream stream, IRecommender model, IdMap users, IdMap items)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(model.Kind);
        writer.Write(users);
        writer.Write(items);
        model.Save(writer);
    }

    public static void Save(string path, IRecommender model, IdMap users, IdMap items)
    {
        var temporary = path + ".tmp";
        using (var stream = File.Create(temporary)) Save(stream, model, users, items);
        File.Move(temporary, path, overwrite: true);
    }

    public static LoadedModel Load(Stream stream)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            var magic = reader.ReadBytes(Magic.Length);
            if (!magic.AsSpan().SequenceEqual(Magic)) throw new ModelFormatException("not an Open MRS model file (bad magic)");
            var version = reader.ReadInt32();
            if (version != FormatVersion) throw new ModelFormatException($"model format version {version} is not supported (this build reads {FormatVersion})");
            var kind = reader.ReadString();
            var users = reader.ReadIdMap();
            var items = reader.ReadIdMap();
            var model = ModelCatalog.Load(kind, reader);
            return new LoadedModel(model, users, items);
        }
        catch (EndOfStreamException e)
        {
            throw new ModelFormatException("model file is truncated", e);
        }
    }

    public static LoadedModel Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Load(stream);
    }
}
