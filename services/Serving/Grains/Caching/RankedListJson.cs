using System.Text.Json;
using System.Text.Json.Serialization;
using OpenMrs.Serving.GrainInterfaces.Users;

namespace OpenMrs.Serving.Grains.Caching;

/// <summary>
/// The JSON of a ranked list in Redis (web defaults: camelCase), with serializers generated at build time, so a write
/// does not walk reflection metadata; the text is the same as <c>JsonSerializerDefaults.Web</c> writes.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RecommendationList))]
internal sealed partial class RankedListJson : JsonSerializerContext;
