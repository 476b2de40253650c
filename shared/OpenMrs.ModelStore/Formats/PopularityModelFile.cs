using OpenMrs.ModelStore.Store;

namespace OpenMrs.ModelStore.Formats;

/// <summary>
/// The binary file of a <see cref="PopularityModel"/>: <see cref="ModelFileHeader"/> (kind <c>popularity</c>,
/// format version 1), an int32 track count, then per track in rank order: track id (length-prefixed UTF-8),
/// score (float64), artist (length-prefixed UTF-8). Little-endian throughout.
/// </summary>
public static class PopularityModelFile
{
    public const ushort FormatVersion = 1;
    private const int MaxTracks = 50_000_000;

    public static void Write(Stream stream, PopularityModel model)
    {
        using var writer = new BinaryWriter(stream, ModelFileHeader.Utf8, leaveOpen: true);
        ModelFileHeader.Write(writer, PopularityModel.Kind, FormatVersion);
        writer.Write(model.Count);
        foreach (var track in model.Tracks)
        {
            writer.Write(track.TrackId);
            writer.Write(track.Score);
            writer.Write(track.Artist);
        }
    }

    public static Task WriteAsync(Stream stream, PopularityModel model, CancellationToken cancellationToken)
    {
        // The body is small and written into a buffered file stream; the synchronous writer keeps the format in one place.
        cancellationToken.ThrowIfCancellationRequested();
        Write(stream, model);
        return Task.CompletedTask;
    }

    /// <exception cref="ModelFormatException">The stream is not a valid popularity model file.</exception>
    public static PopularityModel Read(Stream stream)
    {
        using var reader = new BinaryReader(stream, ModelFileHeader.Utf8, leaveOpen: true);
        ModelFileHeader.Read(reader, PopularityModel.Kind, FormatVersion);
        try
        {
            var count = reader.ReadInt32();
            if (count is < 0 or > MaxTracks) throw new ModelFormatException($"popularity model: invalid track count {count}");
            var tracks = new PopularTrack[count];
            for (var i = 0; i < count; i++)
                tracks[i] = new PopularTrack(reader.ReadString(), reader.ReadDouble(), reader.ReadString());
            return new PopularityModel(tracks);
        }
        catch (EndOfStreamException ex)
        {
            throw new ModelFormatException("popularity model: the file is truncated", ex);
        }
        catch (System.Text.DecoderFallbackException ex)
        {
            throw new ModelFormatException("popularity model: a string is not valid UTF-8", ex);
        }
        catch (ArgumentException ex)
        {
            throw new ModelFormatException($"popularity model: {ex.Message}", ex);
        }
    }

    /// <summary>Writes <paramref name="model"/> as a new version in <paramref name="store"/>.</summary>
    public static Task<ModelManifest> PublishAsync(
        IModelStore store, PopularityModel model, IReadOnlyDictionary<string, double>? metrics, CancellationToken cancellationToken) =>
        store.WriteAsync(PopularityModel.Kind, (s, ct) => WriteAsync(s, model, ct), metrics, cancellationToken);

    /// <summary>Reads one version of the popularity model from <paramref name="store"/>.</summary>
    public static PopularityModel Load(IModelStore store, string version)
    {
        using var stream = store.OpenRead(PopularityModel.Kind, version);
        return Read(stream);
    }
}
