namespace OpenMrs.Ingestion.Validation;

/// <summary>Either every item of a batch, valid, or why the batch as a whole is rejected.</summary>
public sealed record BatchParseResult<T>(IReadOnlyList<T> Items, BatchRejection? Rejection) where T : class
{
    public bool IsAccepted => Rejection is null;
}

/// <summary>Why a batch was rejected: a title, an optional detail, and per-field errors keyed like <c>events[3].userId</c>.</summary>
public sealed record BatchRejection(string Title, string? Detail, IDictionary<string, string[]> Errors, int InvalidItems = 0, bool ErrorsTruncated = false);
