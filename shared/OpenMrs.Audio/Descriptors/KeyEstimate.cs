namespace OpenMrs.Audio.Descriptors;

public enum KeyMode { Minor = 0, Major = 1 }

/// <param name="Tonic">Pitch class of the tonic, 0 = C … 11 = B.</param>
/// <param name="Confidence">Best minus second-best profile correlation (0 = a tie, larger = clearer).</param>
public sealed record KeyEstimate(int Tonic, KeyMode Mode, double Correlation, double Confidence)
{
    private static readonly string[] Names = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"];

    public override string ToString() => $"{Names[Tonic]} {(Mode == KeyMode.Major ? "major" : "minor")}";
}
