using OpenMrs.ModelStore.Store;
using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Persistence;
using ModelFormatException = OpenMrs.ModelStore.Store.ModelFormatException;
using LibraryFormatException = OpenMrs.Recommender.Persistence.ModelFormatException;

namespace OpenMrs.ModelStore.Formats;

/// <summary>
/// The one reader and writer of <see cref="TrainedModel"/> files, shared by Training and Serving:
/// <see cref="ModelFileHeader"/> (kind = the model's kind, format version 1), the <see cref="FeedbackWeights"/>
/// (4 × float64), an int32 item count and per item its duration (int32 ms) and artist (length-prefixed UTF-8), then
/// the library's model file (<see cref="ModelFile"/>: id maps and the model's own payload). Little-endian throughout.
/// </summary>
public static class TrainedModelFile
{
    public const ushort FormatVersion = 1;
    private const int MaxItems = 100_000_000;

    public static void Write(Stream stream, TrainedModel model)
    {
        using (var writer = new BinaryWriter(stream, ModelFileHeader.Utf8, leaveOpen: true))
        {
            ModelFileHeader.Write(writer, model.Kind, FormatVersion);
            model.Weights.Write(writer);
            writer.Write(model.Tracks.Length);
            foreach (var track in model.Tracks)
            {
                writer.Write(track.DurationMs);
                writer.Write(track.Artist);
            }
        }
        ModelFile.Save(stream, model.Recommender, model.Users, model.Items);
    }

    /// <exception cref="ModelFormatException">The stream is not a valid trained model file of <paramref name="kind"/>.</exception>
    public static TrainedModel Read(Stream stream, string kind)
    {
        using var reader = new BinaryReader(stream, ModelFileHeader.Utf8, leaveOpen: true);
        ModelFileHeader.Read(reader, kind, FormatVersion);
        try
        {
            var weights = FeedbackWeights.Read(reader);
            var count = reader.ReadInt32();
            if (count is < 0 or > MaxItems) throw new ModelFormatException($"{kind} model: invalid item count {count}");
            var tracks = new TrackInfo[count];
            for (var i = 0; i < count; i++) tracks[i] = new TrackInfo(reader.ReadInt32(), reader.ReadString());
            var loaded = ModelFile.Load(stream);
            if (loaded.Model.Kind != kind) throw new ModelFormatException($"the file says '{kind}' but holds a '{loaded.Model.Kind}' model");
            return new TrainedModel(loaded, weights, tracks);
        }
        catch (Exception ex) when (ex is EndOfStreamException or LibraryFormatException or ArgumentException or System.Text.DecoderFallbackException
                                       or InvalidDataException or OverflowException)
        {
            throw new ModelFormatException($"{kind} model: {ex.Message}", ex);
        }
    }

    /// <summary>Writes <paramref name="model"/> as a new version of its kind.</summary>
    public static Task<ModelManifest> PublishAsync(
        IModelStore store, TrainedModel model, IReadOnlyDictionary<string, double>? metrics, ModelProvenance? provenance,
        CancellationToken cancellationToken) =>
        store.WriteAsync(model.Kind, (s, ct) =>
        {
            ct.ThrowIfCancellationRequested();
            Write(s, model);
            return Task.CompletedTask;
        }, metrics, provenance, cancellationToken);

    /// <exception cref="ModelNotFoundException">No such version.</exception>
    /// <exception cref="ModelFormatException">The file is not a valid model of that kind.</exception>
    public static TrainedModel Load(IModelStore store, string kind, string version)
    {
        using var stream = store.OpenRead(kind, version);
        using var buffered = new BufferedStream(stream, 1 << 20);
        return Read(buffered, kind);
    }
}
