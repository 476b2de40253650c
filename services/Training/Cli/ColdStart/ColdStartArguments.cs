namespace OpenMrs.Training.Cli.ColdStart;

/// <summary>The parsed command line of <c>coldstart</c>.</summary>
public sealed record ColdStartArguments
{
    public const string Options = "[--tracks 600] [--users 400] [--genres 5] [--held-out 0.2] [--hidden 128] [--seed 7] [--json FILE] [--html FILE]";

    public int Tracks { get; init; } = 600;
    public int Users { get; init; } = 400;
    public int Genres { get; init; } = 5;
    public double HeldOut { get; init; } = 0.2;
    public int Hidden { get; init; } = 128;
    public int Seed { get; init; } = 7;
    public string? Json { get; init; }
    public string? Html { get; init; }

    /// <exception cref="CliUsageException">An option is unknown, repeated or out of range.</exception>
    public static ColdStartArguments Parse(IReadOnlyList<string> args)
    {
        var reader = new ArgumentReader(args, new HashSet<string>());
        var parsed = new ColdStartArguments
        {
            Tracks = reader.Int("--tracks", 20) ?? 600,
            Users = reader.Int("--users", 10) ?? 400,
            Genres = reader.Int("--genres", 2) ?? 5,
            HeldOut = reader.Double("--held-out", 0, 1) ?? 0.2,
            Hidden = reader.Int("--hidden", 1) ?? 128,
            Seed = reader.Int("--seed", 0) ?? 7,
            Json = reader.String("--json"),
            Html = reader.String("--html"),
        };
        reader.ThrowOnUnknown();
        return parsed;
    }
}
