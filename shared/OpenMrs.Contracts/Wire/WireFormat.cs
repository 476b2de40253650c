using System.Text.Json;
using System.Text.Json.Serialization;
using OpenMrs.Contracts.Events;

namespace OpenMrs.Contracts.Wire;

/// <summary>
/// The versioned wire encoding: UTF-8 JSON (camelCase, enums as lower-case strings) with the schema named in a
/// message header. See <c>shared/OpenMrs.Contracts/WIRE.md</c>.
/// </summary>
public static class WireFormat
{
    /// <summary>Header naming the schema and its version, e.g. <c>listen.v1</c>.</summary>
    public const string SchemaHeader = "openmrs-schema";
    public const string ContentTypeHeader = "content-type";
    public const string ContentType = "application/json";

    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static readonly Dictionary<Type, string> SchemaByType = new()
    {
        [typeof(ListenEvent)] = "listen.v1",
        [typeof(TrackUpsert)] = "track.v1",
        [typeof(TrackFeatures)] = "track-features.v1",
        [typeof(ModelPublished)] = "model.v1",
    };

    public static string SchemaOf<T>() => SchemaOf(typeof(T));

    public static string SchemaOf(Type type) =>
        SchemaByType.TryGetValue(type, out var schema) ? schema : type.Name.ToLowerInvariant() + ".v1";

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    /// <exception cref="WireFormatException">The bytes are not a valid <typeparamref name="T"/>.</exception>
    public static T Deserialize<T>(ReadOnlySpan<byte> utf8)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(utf8, Options)
                ?? throw new WireFormatException($"{SchemaOf<T>()}: the message is JSON null");
        }
        catch (JsonException ex)
        {
            throw new WireFormatException($"{SchemaOf<T>()}: {ex.Message}", ex);
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            RespectRequiredConstructorParameters = true,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

public sealed class WireFormatException(string message, Exception? inner = null) : Exception(message, inner);
