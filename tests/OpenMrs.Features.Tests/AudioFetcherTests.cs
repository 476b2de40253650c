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
        await _server.StartAsync();
        _baseUrl = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private static AudioFetcher Fetcher(long maxBytes = 10_000_000) =>
        new(new HttpClient(), Options.Create(new FeaturesOptions { MaxDownloadBytes = maxBytes }));

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
    [InlineData("/definitely/not/here.flac", AudioFetchFailure.NotFound)]
    public async Task Unusable_uris_fail_with_their_reason(string uri, AudioFetchFailure reason) =>
        Assert.Equal(reason, (await Assert.ThrowsAsync<AudioFetchException>(() => Fetcher().FetchAsync(uri, default))).Reason);

    private static byte[] WavBytes()
    {
        using var stream = new MemoryStream();
        WavWriter.Write(stream, Signals.Sine(440, 0.5), 22050);
        return stream.ToArray();
    }
}
