namespace OpenMrs.Recommender.Persistence;

/// <summary>A model file is not one, is of a newer format, names an unknown model kind, or is truncated or corrupt.</summary>
public sealed class ModelFormatException(string message, Exception? inner = null) : Exception(message, inner);
