namespace OpenMrs.ModelStore.Hosting;

/// <summary>Configuration section <c>ModelStore</c>.</summary>
public sealed class ModelStoreOptions
{
    public const string Section = "ModelStore";

    /// <summary>Root directory of the store (<c>ModelStore:Path</c>); a shared volume when services run apart.</summary>
    public string Path { get; set; } = "./model-store";
}
