using System.Net;
using Microsoft.Extensions.Options;
using OpenMrs.Features.Configuration;

namespace OpenMrs.Features.Fetching;

/// <summary>
/// Resolves a track's audio URI to a local file: a plain path or <c>file://</c> URI is used in place; an
/// <c>http(s)://</c> URI is downloaded to a temporary file under a size and time limit. Server errors (5xx) and
/// network failures are thrown as <see cref="HttpRequestException"/> so the consumer retries them; everything
/// else that cannot succeed is an <see cref="AudioFetchException"/>. Every location passes
/// <see cref="AudioSourcePolicy"/> first; <paramref name="http"/> must use that policy's handler (the host's typed client
/// does, and <see cref="Create"/> builds one), since the address check happens when the connection is made.
/// </summary>
public sealed class AudioFetcher(HttpClient http, IOptions<FeaturesOptions> options, AudioSourcePolicy policy)
{
    private readonly FeaturesOptions _options = options.Value;

    /// <summary>A fetcher with its own HTTP client on the policy's handler (the options' policy unless one is given).</summary>
    public static AudioFetcher Create(FeaturesOptions options, AudioSourcePolicy? policy = null)
    {
        policy ??= new AudioSourcePolicy(options.AudioSources);
        return new AudioFetcher(new HttpClient(policy.CreateHandler()), Options.Create(options), policy);
    }

    public async Task<FetchedAudio> FetchAsync(string? audioUri, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(audioUri)) throw new AudioFetchException(AudioFetchFailure.BadUri, "the track has no audio URI");
        if (Uri.TryCreate(audioUri, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            return await DownloadAsync(uri, cancellationToken);
        return new FetchedAudio(LocalPath(audioUri, uri), temporary: false);
    }

    private string LocalPath(string audioUri, Uri? uri)
    {
        string path;
        if (uri is { IsFile: true }) path = uri.LocalPath;
        else if (uri is not null && uri.Scheme.Length > 1) throw new AudioFetchException(AudioFetchFailure.BadUri, $"unsupported URI scheme '{uri.Scheme}' in {audioUri} (use a path, file://, http:// or https://)");
        else path = audioUri;
        if (path.IndexOfAny(Path.GetInvalidPathChars()) >= 0) throw new AudioFetchException(AudioFetchFailure.BadUri, $"invalid path {audioUri}");
        path = policy.CheckLocalPath(path);
        if (!File.Exists(path)) throw new AudioFetchException(AudioFetchFailure.NotFound, $"no audio file at {path}");
        return path;
    }

    private async Task<FetchedAudio> DownloadAsync(Uri uri, CancellationToken cancellationToken)
    {
        policy.CheckHost(uri.IdnHost);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(_options.DownloadTimeoutSeconds));
        var target = Path.Combine(Path.GetTempPath(), $"openmrs-audio-{Guid.NewGuid():N}{Path.GetExtension(uri.AbsolutePath)}");
        try
        {
            using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if ((int)response.StatusCode >= 500) throw new HttpRequestException($"{uri}: server error {(int)response.StatusCode}", null, response.StatusCode);
            if (response.StatusCode == HttpStatusCode.NotFound) throw new AudioFetchException(AudioFetchFailure.NotFound, $"{uri}: 404 not found");
            if (!response.IsSuccessStatusCode) throw new AudioFetchException(AudioFetchFailure.HttpError, $"{uri}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            if (response.Content.Headers.ContentLength > _options.MaxDownloadBytes) throw TooLarge(uri);

            await using (var source = await response.Content.ReadAsStreamAsync(timeout.Token))
            await using (var file = File.Create(target))
            {
                var buffer = new byte[1 << 16];
                long total = 0;
                int read;
                while ((read = await source.ReadAsync(buffer, timeout.Token)) > 0)
                {
                    total += read;
                    if (total > _options.MaxDownloadBytes) throw TooLarge(uri);
                    await file.WriteAsync(buffer.AsMemory(0, read), timeout.Token);
                }
            }
            return new FetchedAudio(target, temporary: true);
        }
        catch (HttpRequestException e) when (e.InnerException is AudioFetchException refused)
        {
            Delete(target);
            throw refused;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Delete(target);
            throw new AudioFetchException(AudioFetchFailure.Timeout, $"{uri}: download did not finish within {_options.DownloadTimeoutSeconds} s");
        }
        catch
        {
            Delete(target);
            throw;
        }
    }

    private AudioFetchException TooLarge(Uri uri) =>
        new(AudioFetchFailure.TooLarge, $"{uri}: larger than the {_options.MaxDownloadBytes:N0}-byte download limit");

    private static void Delete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
