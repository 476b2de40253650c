namespace OpenMrs.Recommender.Data.Readers;

/// <summary>
/// The key that identifies a track by artist and title when it has no MusicBrainz id, and the key that joins
/// listening data to the MSD track list. Case and surrounding spaces are ignored; a tab (never inside a TSV field) separates the parts.
/// </summary>
public static class TrackKey
{
    public static string FromArtistAndTitle(string artist, string title) =>
        $"{artist.Trim().ToLowerInvariant()}\t{title.Trim().ToLowerInvariant()}";
}
