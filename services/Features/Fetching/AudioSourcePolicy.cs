using System.Net;
using System.Net.Sockets;
using OpenMrs.Features.Configuration;

namespace OpenMrs.Features.Fetching;

/// <summary>
/// Decides which audio locations the service may open (<see cref="AudioSourcesOptions"/>). Local paths are resolved
/// through every symbolic link and must then lie under a configured root. Downloads connect only through
/// <see cref="CreateHandler"/>, whose connect step checks the host name and every address it resolves to, so a
/// redirect or a DNS answer cannot lead to a refused host either. Refusals are <see cref="AudioFetchException"/>s
/// with <see cref="AudioFetchFailure.Refused"/>.
/// </summary>
public sealed class AudioSourcePolicy
{
    private const int MaxLinkDepth = 40;

    // Addresses that are not on the public internet (IANA special-purpose registries); IPv4-mapped IPv6 addresses are
    // checked as IPv4.
    private static readonly System.Net.IPNetwork[] NonPublicNetworks =
    [
        .. new[]
        {
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
            "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
            "::/128", "::1/128", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001:db8::/32", "fc00::/7", "fe80::/10", "ff00::/8",
        }.Select(System.Net.IPNetwork.Parse),
    ];

    private readonly AudioSourcesOptions _options;
    private readonly string[] _roots;

    public AudioSourcePolicy(AudioSourcesOptions options)
    {
        _options = options;
        _roots = options.LocalRoots.Select(r => WithTrailingSeparator(Canonical(r))).ToArray();
    }

    /// <summary>Every local file, host and address (the <c>train-cnn</c> command, whose audio map is the operator's own file).</summary>
    public static AudioSourcePolicy Unrestricted { get; } = new(new AudioSourcesOptions { LocalRoots = ["/"], AllowPrivateNetworks = true });

    /// <summary>The file a local path names once every link is followed.</summary>
    /// <exception cref="AudioFetchException">Refused: it lies outside every local root.</exception>
    public string CheckLocalPath(string path)
    {
        if (_roots.Length == 0)
            throw Refused($"local audio files are off: {path} (set Features:AudioSources:LocalRoots to the folders that hold audio)");
        var resolved = Canonical(path);
        if (!_roots.Any(root => resolved.StartsWith(root, StringComparison.Ordinal)))
            throw Refused($"{path} is outside Features:AudioSources:LocalRoots");
        return resolved;
    }

    /// <exception cref="AudioFetchException">Refused: <see cref="AudioSourcesOptions.AllowedHosts"/> does not name it.</exception>
    public void CheckHost(string host)
    {
        if (_options.AllowedHosts.Count == 0) return;
        var name = host.Trim('[', ']').TrimEnd('.');
        foreach (var allowed in _options.AllowedHosts)
        {
            if (allowed.StartsWith("*.", StringComparison.Ordinal)
                    ? name.EndsWith(allowed[1..], StringComparison.OrdinalIgnoreCase) && name.Length > allowed.Length - 1
                    : name.Equals(allowed.TrimEnd('.'), StringComparison.OrdinalIgnoreCase))
                return;
        }
        throw Refused($"host {host} is not in Features:AudioSources:AllowedHosts");
    }

    /// <summary>True for a public address, or any address when private networks are allowed.</summary>
    public bool IsPermitted(IPAddress address)
    {
        if (_options.AllowPrivateNetworks) return true;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return !NonPublicNetworks.Any(n => n.Contains(address));
    }

    /// <summary>The HTTP handler every download goes through: no proxy (the checks must see the server itself),
    /// at most 5 redirects, each connection checked by host name and resolved address.</summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        UseProxy = false,
        MaxAutomaticRedirections = 5,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectCallback = ConnectAsync,
    };

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        CheckHost(host);
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var permitted = addresses.Where(IsPermitted).ToArray();
        if (permitted.Length == 0)
            throw Refused($"host {host} resolves to non-public addresses only ({string.Join(", ", addresses.Take(3))}); " +
                          "set Features:AudioSources:AllowPrivateNetworks to fetch from it");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(permitted, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static AudioFetchException Refused(string message) => new(AudioFetchFailure.Refused, message);

    private static string WithTrailingSeparator(string path) =>
        path.EndsWith(Path.DirectorySeparatorChar) ? path : path + Path.DirectorySeparatorChar;

    /// <summary>The absolute path with every symbolic link on the way replaced by its target (what realpath(3) gives;
    /// .NET resolves one link at a time). Components that do not exist are kept as they are.</summary>
    private static string Canonical(string path, int depth = 0)
    {
        if (depth > MaxLinkDepth) throw Refused($"too many levels of symbolic links in {path}");
        var full = Path.GetFullPath(path);
        var current = Path.GetPathRoot(full)!;
        foreach (var part in full[current.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            current = info.LinkTarget is { } target
                ? Canonical(Path.IsPathFullyQualified(target) ? target : Path.Combine(current, target), depth + 1)
                : next;
        }
        return current;
    }
}
