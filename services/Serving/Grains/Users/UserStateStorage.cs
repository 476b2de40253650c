namespace OpenMrs.Serving.Grains.Users;

/// <summary>Names under which user state is stored.</summary>
public static class UserStateStorage
{
    /// <summary>The Orleans grain storage provider holding user state.</summary>
    public const string ProviderName = "users";

    public const string StateName = "listening";
}
