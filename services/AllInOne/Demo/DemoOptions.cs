namespace OpenMrs.AllInOne.Demo;

/// <summary>The <c>Demo</c> section: the synthetic catalog and listeners seeded at start (<c>--no-demo</c> turns it off).</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    public bool Enabled { get; set; } = true;

    public int Tracks { get; set; } = 200;

    public int Listeners { get; set; } = 300;

    /// <summary>Listens per listener, on average.</summary>
    public int ListensPerListener { get; set; } = 40;

    /// <summary>Seconds of generated audio per track.</summary>
    public double AudioSeconds { get; set; } = 5;

    /// <summary>Where the generated WAV files go; empty = a folder under the system temp directory.</summary>
    public string AudioDirectory { get; set; } = "";

    public int Seed { get; set; } = 42;

    public string ResolveAudioDirectory() =>
        string.IsNullOrWhiteSpace(AudioDirectory) ? Path.Combine(Path.GetTempPath(), "openmrs-demo-audio") : Path.GetFullPath(AudioDirectory);
}
