namespace OpenMrs.ModelStore.Store;

/// <summary>A model store operation failed because of its input or the store's content.</summary>
public class ModelStoreException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The requested kind or version does not exist (or is not complete yet).</summary>
public sealed class ModelNotFoundException(string kind, string version)
    : ModelStoreException($"model '{kind}' has no version '{version}'");

/// <summary>A model file does not have the expected format.</summary>
public sealed class ModelFormatException(string message, Exception? inner = null) : ModelStoreException(message, inner);
