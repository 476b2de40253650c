namespace OpenMrs.ModelStore.Hosting;

/// <summary>Configuration section <c>ModelStore</c>.</summary>
public sealed class ModelStoreOptions
{
    public const string Section = "ModelStore";

    /// <summary>Root directory of the store (<c>ModelStore:Path</c>); a shared volume when services run apart.</summary>
    public string Path { get; set; } = "./model-store";

    /// <summary>Versions kept per model kind (<c>ModelStore:KeepVersions</c>); older ones are deleted after each write.</summary>
    public int KeepVersions { get; set; } = Store.FileSystemModelStore.DefaultKeepVersions;
}
