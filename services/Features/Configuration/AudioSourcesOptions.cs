namespace OpenMrs.Features.Configuration;

/// <summary>
/// Where audio may be fetched from (section <c>Features:AudioSources</c>). A track's <c>audioUri</c> comes from
/// whoever posts to the catalog, so the defaults refuse everything that is not a public web server: local files
/// outside <see cref="LocalRoots"/> and hosts on loopback, private, link-local or other non-public addresses.
/// </summary>
public sealed class AudioSourcesOptions
{
    /// <summary>Folders whose files (after resolving symbolic links) may be read as audio; empty = no local files.</summary>
    public List<string> LocalRoots { get; set; } = [];

    /// <summary>Host names http(s) audio may come from: exact (<c>cdn.example.com</c>) or a subdomain pattern
    /// (<c>*.example.com</c>); empty = any host with a public address.</summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>Also connect to loopback, private (RFC 1918, fc00::/7), link-local, CGNAT and other non-public
    /// addresses; off by default, which is what stops a catalog entry from reaching the cloud metadata endpoint or
    /// an internal service.</summary>
    public bool AllowPrivateNetworks { get; set; }
}
