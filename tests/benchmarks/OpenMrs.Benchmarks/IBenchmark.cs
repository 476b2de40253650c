namespace OpenMrs.Benchmarks;

/// <summary>One `--bench NAME` mode. Implementations are discovered by reflection; one file each under Benchmarks/.</summary>
public interface IBenchmark
{
    string Name { get; }
    string Description { get; }

    /// <summary>Its options as a synopsis for the usage, e.g. <c>[--train PATH] [--threads 1,2]</c>; empty when it has none.</summary>
    string Options { get; }

    Task<int> RunAsync(string[] args, CancellationToken cancellationToken);
}
