using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenMrs.Features.Configuration;
using OpenMrs.Features.Fetching;
using OpenMrs.Testing.TestAudio;

namespace OpenMrs.Features.Tests;

/// <summary>Fetching from paths, file:// URIs and a real HTTP server on loopback.</summary>
public sealed class AudioFetcherTests : IAsyncLifetime
{
    private readonly byte[] _wav = WavBytes();
    private readonly string _dir = Directory.CreateTempSubdirectory("openmrs-fetch-").FullName;
    private WebApplication? _server;
    private string _baseUrl = "";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _server = builder.Build();
        _server.MapGet("/song.wav", () => Results.Bytes(_wav, "audio/wav"));
        _server.MapGet("/broken", () => Results.StatusCode(503));
        _server.MapGet("/forbidden", () => Results.StatusCode(403));
        _server.MapGet("/to-localhost", (HttpContext context) => Results.Redirect($"http://localhost:{context.Connection.LocalPort}/song.wav"));
        await _server.StartAsync();
        _baseUrl = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>A fetcher allowed to read <see cref="_dir"/> and to reach the loopback server.</summary>
    private AudioFetcher Fetcher(long maxBytes = 10_000_000) =>
        Fetcher(new AudioSourcesOptions { LocalRoots = [_dir], AllowPrivateNetworks = true }, maxBytes);

    private static AudioFetcher Fetcher(AudioSourcesOptions sources, long maxBytes = 10_000_000) =>
        AudioFetcher.Create(new FeaturesOptions { MaxDownloadBytes = maxBytes, AudioSources = sources });

    [Fact]
    public async Task An_http_uri_is_downloaded_to_a_temporary_file_that_is_removed_on_dispose()
    {
        string path;
        using (var fetched = await Fetcher().FetchAsync(_baseUrl + "/song.wav", default))
        {
            path = fetched.Path;
            Assert.Equal(_wav, await File.ReadAllBytesAsync(path));
        }
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task A_download_over_the_size_limit_is_TooLarge() =>
        Assert.Equal(AudioFetchFailure.TooLarge, (await Assert.ThrowsAsync<AudioFetchException>(() => Fetcher(maxBytes: 1000).FetchAsync(_baseUrl + "/song.wav", default))).Reason);

    [Fact]
    public async Task Http_404_is_NotFound_and_403_is_an_HttpError()
    {
        Assert.Equal(AudioFetchFailure.NotFound, (await Assert.ThrowsAsync<AudioFetchException>(() => Fetcher().FetchAsync(_baseUrl + "/nothing-here.wav", default))).Reason);
        Assert.Equal(AudioFetchFailure.HttpError, (await Assert.ThrowsAsync<AudioFetchException>(() => Fetcher().FetchAsync(_baseUrl + "/forbidden", default))).Reason);
    }

    [Fact]
    public async Task A_server_error_is_transient_so_the_consumer_retries_it() =>
        await Assert.ThrowsAsync<HttpRequestException>(() => Fetcher().FetchAsync(_baseUrl + "/broken", default));

    [Fact]
    public async Task Local_paths_and_file_uris_are_used_in_place()
    {
        var path = Path.Combine(_dir, "local.wav");
        await File.WriteAllBytesAsync(path, _wav);
        using (var plain = await Fetcher().FetchAsync(path, default)) Assert.Equal(path, plain.Path);
        using (var uri = await Fetcher().FetchAsync(new Uri(path).AbsoluteUri, default)) Assert.Equal(path, uri.Path);
        Assert.True(File.Exists(path));
    }

    [Theory]
    [InlineData("ftp://example.org/song.mp3", AudioFetchFailure.BadUri)]
    [InlineData("", AudioFetchFailure.BadUri)]
    public async Task Unusable_uris_fail_with_their_reason(string uri, AudioFetchFailure reason) =>
        Assert.Equal(reason, (await Assert.ThrowsAsync<AudioFetchException>(() => Fetcher().FetchAsync(uri, default))).Reason);

    [Fact]
    public async Task A_missing_file_under_a_local_root_is_NotFound() =>
        Assert.Equal(AudioFetchFailure.NotFound, (await Assert.ThrowsAsync<AudioFetchException>(() => Fetcher().FetchAsync(Path.Combine(_dir, "not-here.flac"), default))).Reason);

    [Fact]
    public async Task Local_files_outside_the_roots_are_refused_however_they_are_named()
    {
        var outside = Directory.CreateTempSubdirectory("openmrs-outside-").FullName;
        try
        {
            var secret = Path.Combine(outside, "secret.wav");
            await File.WriteAllBytesAsync(secret, _wav);
            File.CreateSymbolicLink(Path.Combine(_dir, "link.wav"), secret);
            Directory.CreateSymbolicLink(Path.Combine(_dir, "linked-folder"), outside);
            string[] attempts =
            [
                secret, new Uri(secret).AbsoluteUri, "/etc/hostname",
                Path.Combine(_dir, "..", Path.GetFileName(outside), "secret.wav"),
                Path.Combine(_dir, "link.wav"), Path.Combine(_dir, "linked-folder", "secret.wav"),
            ];
            foreach (var attempt in attempts)
            {
                var refused = await Assert.ThrowsAsync<AudioFetchException>(() => Fetcher().FetchAsync(attempt, default));
                Assert.True(refused.Reason == AudioFetchFailure.Refused, $"{attempt}: {refused.Reason} {refused.Message}");
            }
            // With no roots at all every local file is refused, and the message names the setting.
            var off = await Assert.ThrowsAsync<AudioFetchException>(() => Fetcher(new AudioSourcesOptions()).FetchAsync(secret, default));
            Assert.Equal(AudioFetchFailure.Refused, off.Reason);
            Assert.Contains("Features:AudioSources:LocalRoots", off.Message);
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Fact]
    public async Task A_link_inside_a_root_to_a_file_inside_it_is_read()
    {
        var target = Path.Combine(_dir, "real.wav");
        await File.WriteAllBytesAsync(target, _wav);
        var link = Path.Combine(_dir, "alias.wav");
        File.CreateSymbolicLink(link, "real.wav");
        using var fetched = await Fetcher().FetchAsync(link, default);
        Assert.Equal(_wav, await File.ReadAllBytesAsync(fetched.Path));
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/")]   // cloud metadata
    [InlineData("http://10.0.0.1/a.wav")]
    [InlineData("http://[::1]/a.wav")]
    [InlineData("http://[::ffff:127.0.0.1]/a.wav")]
    [InlineData("http://0.0.0.0/a.wav")]
    public async Task Non_public_addresses_are_refused_by_default(string uri)
    {
        var refused = await Assert.ThrowsAsync<AudioFetchException>(() => Fetcher(new AudioSourcesOptions()).FetchAsync(uri, default));
        Assert.Equal(AudioFetchFailure.Refused, refused.Reason);
    }

    [Fact]
    public async Task A_host_name_that_resolves_to_loopback_is_refused_by_default()
    {
        var viaName = _baseUrl.Replace("127.0.0.1", "localhost") + "/song.wav";
        var refused = await Assert.ThrowsAsync<AudioFetchException>(() => Fetcher(new AudioSourcesOptions()).FetchAsync(viaName, default));
        Assert.Equal(AudioFetchFailure.Refused, refused.Reason);
        Assert.Contains("AllowPrivateNetworks", refused.Message);
    }

    [Fact]
    public async Task Allowed_hosts_are_checked_on_every_connection_including_redirects()
    {
        var onlyLoopbackAddress = new AudioSourcesOptions { AllowedHosts = ["127.0.0.1"], AllowPrivateNetworks = true };
        using (var direct = await Fetcher(onlyLoopbackAddress).FetchAsync(_baseUrl + "/song.wav", default))
            Assert.Equal(_wav, await File.ReadAllBytesAsync(direct.Path));
        var redirected = await Assert.ThrowsAsync<AudioFetchException>(() => Fetcher(onlyLoopbackAddress).FetchAsync(_baseUrl + "/to-localhost", default));
        Assert.Equal(AudioFetchFailure.Refused, redirected.Reason);
        Assert.Contains("localhost", redirected.Message);
        // The same redirect is followed where localhost is allowed too.
        using var followed = await Fetcher(new AudioSourcesOptions { AllowedHosts = ["127.0.0.1", "localhost"], AllowPrivateNetworks = true })
            .FetchAsync(_baseUrl + "/to-localhost", default);
        Assert.Equal(_wav, await File.ReadAllBytesAsync(followed.Path));
    }

    [Fact]
    public async Task The_hosts_client_sends_a_refused_location_once_and_retries_a_server_error()
    {
        var services = new ServiceCollection();
        services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler()); // as every service's defaults do
        services.AddSingleton(Options.Create(new FeaturesOptions()));
        services.AddSingleton(new AudioSourcePolicy(new AudioSourcesOptions { AllowedHosts = ["127.0.0.1"], AllowPrivateNetworks = true }));
        var attempts = new AttemptCounter();
        services.AddAudioFetcher().AddHttpMessageHandler(() => attempts);
        await using var provider = services.BuildServiceProvider();
        var fetcher = provider.GetRequiredService<AudioFetcher>();

        // Refused when the redirect to localhost connects, inside the HTTP handler: what the pipeline around it sees.
        var refused = await Assert.ThrowsAsync<AudioFetchException>(() => fetcher.FetchAsync(_baseUrl + "/to-localhost", default));
        Assert.Equal(AudioFetchFailure.Refused, refused.Reason);
        Assert.Equal(1, attempts.Count);

        attempts.Count = 0;
        await Assert.ThrowsAsync<HttpRequestException>(() => fetcher.FetchAsync(_baseUrl + "/broken", default));
        Assert.True(attempts.Count > 1, $"a 503 was sent {attempts.Count} time(s): the pipeline no longer retries transient failures");
    }

    private sealed class AttemptCounter : DelegatingHandler
    {
        public int Count;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Count);
            return base.SendAsync(request, cancellationToken);
        }
    }

    private static byte[] WavBytes()
    {
        using var stream = new MemoryStream();
        WavWriter.Write(stream, Signals.Sine(440, 0.5), 22050);
        return stream.ToArray();
    }
}
