namespace OpenMrs.Recommender.Data.Readers;

/// <summary>The listening-file formats the readers understand.</summary>
public enum InteractionFormat
{
    /// <summary>Echo Nest Taste Profile / MSD triplets.</summary>
    Msd,
    /// <summary>Last.fm-1K scrobbles.</summary>
    LastFm1k,
    /// <summary>HetRec 2011 user_artists.dat.</summary>
    HetRec,
    /// <summary>Audioscrobbler 2005 user_artist_data.</summary>
    Audioscrobbler,
    /// <summary>30Music sessions.</summary>
    ThirtyMusic,
    /// <summary>user \t item \t count with an optional header.</summary>
    Tsv,
    /// <summary>Session plays under a header naming user, session, item and time (30Music files read too).</summary>
    Sessions,
}

public static class InteractionFormats
{
    /// <summary>The names used on command lines and in configuration.</summary>
    public static IReadOnlyDictionary<string, InteractionFormat> ByName { get; } =
        new Dictionary<string, InteractionFormat>(StringComparer.OrdinalIgnoreCase)
        {
            ["msd"] = InteractionFormat.Msd,
            ["lastfm1k"] = InteractionFormat.LastFm1k,
            ["hetrec"] = InteractionFormat.HetRec,
            ["audioscrobbler"] = InteractionFormat.Audioscrobbler,
            ["30music"] = InteractionFormat.ThirtyMusic,
            ["tsv"] = InteractionFormat.Tsv,
            ["sessions"] = InteractionFormat.Sessions,
        };

    public static bool TryParse(string name, out InteractionFormat format) => ByName.TryGetValue(name, out format);
}
