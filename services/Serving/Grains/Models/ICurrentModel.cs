namespace OpenMrs.Serving.Grains.Models;

/// <summary>The models this silo ranks with. Readers take <see cref="Current"/> once and use that one object.</summary>
public interface ICurrentModel
{
    /// <summary>The loaded models, or null before the first one arrives.</summary>
    ServingModel? Current { get; }

    /// <summary>
    /// Replaces the part of <paramref name="kind"/> with <paramref name="version"/> unless that part is already at
    /// this version or a newer one. <paramref name="update"/> builds the new whole from the current one (null before
    /// the first model); it may run more than once under contention and must not have side effects.
    /// </summary>
    /// <returns>True when it was swapped in.</returns>
    bool TryUpdate(string kind, string version, Func<ServingModel?, ServingModel> update);
}
