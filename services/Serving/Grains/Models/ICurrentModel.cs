namespace OpenMrs.Serving.Grains.Models;

/// <summary>The model this silo ranks with. Readers take <see cref="Current"/> once and use that one object.</summary>
public interface ICurrentModel
{
    /// <summary>The loaded model, or null before the first one arrives.</summary>
    ServingModel? Current { get; }

    /// <summary>Makes <paramref name="model"/> current unless a newer (or the same) version already is.</summary>
    /// <returns>True when it was swapped in.</returns>
    bool TrySwap(ServingModel model);
}
