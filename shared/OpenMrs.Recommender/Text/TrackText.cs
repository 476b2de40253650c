using OpenMrs.Contracts.Events;

namespace OpenMrs.Recommender.Text;

/// <summary>
/// The words known about a track, for content models (van den Oord et al. 2013; the text branch of ALGORITHMS.md C).
/// Every field is free text; missing fields are null.
/// </summary>
public sealed record TrackText(
    string Title,
    string Artist,
    string? Album = null,
    IReadOnlyList<string>? Tags = null,
    string? Description = null)
{
    /// <summary>The text of a catalog upsert (title and artist empty when missing; the upsert's free text is the description).</summary>
    public static TrackText From(TrackUpsert track) => new(track.Title ?? "", track.Artist ?? "", track.Album, track.Tags, track.Text);

    /// <summary>All fields' tokens in field order: title, artist, album, tags, description.</summary>
    public IEnumerable<string> Tokens()
    {
        foreach (var token in TextTokenizer.Tokenize(Title)) yield return token;
        foreach (var token in TextTokenizer.Tokenize(Artist)) yield return token;
        foreach (var token in TextTokenizer.Tokenize(Album)) yield return token;
        foreach (var tag in Tags ?? [])
            foreach (var token in TextTokenizer.Tokenize(tag)) yield return token;
        foreach (var token in TextTokenizer.Tokenize(Description)) yield return token;
    }
}
