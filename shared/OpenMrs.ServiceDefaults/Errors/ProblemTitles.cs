namespace OpenMrs.ServiceDefaults.Errors;

/// <summary>Problem titles shared by every service, so one kind of refusal reads the same wherever it happens.</summary>
public static class ProblemTitles
{
    /// <summary>The title of every 413: a request body over the endpoint's limit (the detail names the limit).</summary>
    public const string BodyTooLarge = "The request body is too large";
}
