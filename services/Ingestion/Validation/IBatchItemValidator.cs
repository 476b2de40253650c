using System.Text.Json;

namespace OpenMrs.Ingestion.Validation;

/// <summary>Validates one item of a batch body <c>{ "&lt;ArrayProperty&gt;": [ ... ] }</c>.</summary>
public interface IBatchItemValidator<T> where T : class
{
    /// <summary>The property of the body object that holds the items, e.g. <c>events</c>.</summary>
    string ArrayProperty { get; }

    /// <returns>The item, or null after recording its errors under <paramref name="prefix"/>.</returns>
    T? Validate(JsonElement item, string prefix, ValidationErrors errors);
}
