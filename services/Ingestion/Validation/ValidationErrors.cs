namespace OpenMrs.Ingestion.Validation;

/// <summary>
/// Collects errors keyed like <c>events[3].userId</c>, the shape of <c>ValidationProblemDetails.Errors</c>.
/// At most <see cref="MaxKeys"/> keys are kept so a wholly wrong batch still gets a bounded answer.
/// </summary>
public sealed class ValidationErrors
{
    public const int MaxKeys = 200;
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsEmpty => _errors.Count == 0;
    public bool Truncated { get; private set; }

    public void Add(string key, string message)
    {
        if (!_errors.TryGetValue(key, out var list))
        {
            if (_errors.Count >= MaxKeys) { Truncated = true; return; }
            _errors[key] = list = [];
        }
        list.Add(message);
    }


    public IDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}
