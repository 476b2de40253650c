namespace OpenMrs.Training.Cli;

/// <summary>Offline commands of the Training tool (`eval`, ...). Returns null when args name no command, so the service runs.</summary>
public static class TrainingCli
{
    public static Task<int?> TryRunAsync(string[] args) => Task.FromResult<int?>(null);
}
