namespace OpenMrs.Audio.Models;

/// <summary>A weights file is not an Open MRS audio model, is damaged, or holds a different architecture than asked.</summary>
public sealed class AudioModelFormatException(string message, Exception? inner = null) : Exception(message, inner);
