namespace OpenMrs.Benchmarks;

/// <summary>One `--bench NAME` mode. Implementations are discovered by reflection; one file each under Benchmarks/.</summary>
public interface IBenchmark
{
    string Name { get; }
    string Description { get; }
    Task<int> RunAsync(string[] args, CancellationToken cancellationToken);
}
