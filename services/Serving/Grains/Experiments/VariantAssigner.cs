using System.IO.Hashing;
using System.Text;
using Microsoft.Extensions.Options;
using OpenMrs.Serving.Grains.Hosting;

namespace OpenMrs.Serving.Grains.Experiments;

/// <summary>
/// Deterministic A/B assignment: u = XxHash3("{experiment}:{userId}") / 2⁶⁴ falls into one variant's share of the
/// cumulative weights. The same user lands in the same variant on every silo and after every restart for as long as
/// the experiment's name and weights stay; no state is kept.
/// </summary>
public sealed class VariantAssigner(IOptions<ServingOptions> options)
{
    /// <returns>The user's variant, or null when no experiment is configured.</returns>
    public VariantOptions? Assign(string userId)
    {
        var experiment = options.Value.Experiment;
        var variants = experiment.Variants;
        if (variants.Count == 0) return null;
        var total = variants.Sum(v => v.Weight);
        var point = Unit(experiment.Name, userId) * total;
        foreach (var variant in variants)
        {
            if (point < variant.Weight) return variant;
            point -= variant.Weight;
        }
        return variants[^1];
    }

    private static double Unit(string experiment, string userId) =>
        (XxHash3.HashToUInt64(Encoding.UTF8.GetBytes($"{experiment}:{userId}")) >> 11) * (1.0 / (1UL << 53));
}
