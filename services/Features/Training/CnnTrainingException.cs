namespace OpenMrs.Features.Training;

/// <summary>CNN training cannot start or finish because of its inputs (no WALS model, no usable track, a bad map file); the message is one line for the user.</summary>
public sealed class CnnTrainingException(string message, Exception? inner = null) : Exception(message, inner);
