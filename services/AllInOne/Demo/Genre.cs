namespace OpenMrs.AllInOne.Demo;

/// <summary>
/// A synthetic genre: what its tracks sound like (tempo, key, mode, harmonic richness, percussion) so the audio
/// features separate genres, and what its listeners share.
/// </summary>
/// <param name="Chords">Chord shapes as semitone offsets from the track's root.</param>
public sealed record Genre(string Name, double Bpm, int[] RootKeys, bool Minor, int Harmonics, double ClickLevel, double SecondsPerChord, int[][] Chords)
{
    public static IReadOnlyList<Genre> All { get; } =
    [
        new("ambient", 70, [2, 9], Minor: true, Harmonics: 2, ClickLevel: 0.0, SecondsPerChord: 2.5, Chords: [[0, 3, 7, 10], [5, 8, 12]]),
        new("techno", 128, [9, 4], Minor: true, Harmonics: 3, ClickLevel: 1.0, SecondsPerChord: 1.0, Chords: [[0, 7], [0, 12]]),
        new("house", 122, [0, 5], Minor: false, Harmonics: 4, ClickLevel: 0.8, SecondsPerChord: 1.0, Chords: [[0, 4, 7, 11], [5, 9, 12]]),
        new("jazz", 100, [5, 10], Minor: false, Harmonics: 6, ClickLevel: 0.25, SecondsPerChord: 0.8, Chords: [[2, 5, 9, 12], [7, 11, 14, 17], [0, 4, 7, 11]]),
        new("rock", 140, [4, 7], Minor: false, Harmonics: 10, ClickLevel: 0.6, SecondsPerChord: 0.5, Chords: [[0, 7, 12], [5, 12, 17], [7, 14, 19]]),
        new("classical", 90, [7, 2], Minor: false, Harmonics: 5, ClickLevel: 0.0, SecondsPerChord: 0.6, Chords: [[0], [4], [7], [12], [7], [4]]),
        new("hiphop", 90, [1, 6], Minor: true, Harmonics: 3, ClickLevel: 0.9, SecondsPerChord: 1.3, Chords: [[0, 3, 7], [8, 12, 15]]),
        new("drum-and-bass", 174, [11, 3], Minor: true, Harmonics: 2, ClickLevel: 1.0, SecondsPerChord: 0.7, Chords: [[0, 12], [3, 15]]),
    ];
}
