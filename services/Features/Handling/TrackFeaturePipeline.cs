using Microsoft.Extensions.Options;
using OpenMrs.Audio.Extraction;
using OpenMrs.Features.Batching;
using OpenMrs.Features.Configuration;
using OpenMrs.Features.Embedding;
using OpenMrs.Features.Fetching;

namespace OpenMrs.Features.Handling;

/// <summary>One track's way through the service: fetch → decode (bounded concurrency) → batched extraction.</summary>
public sealed class TrackFeaturePipeline(
    AudioFetcher fetcher, FeatureExtractorProvider extractors, ExtractionBatcher batcher, IOptions<FeaturesOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _decodeSlots = new(options.Value.MaxConcurrentDecodes);

    /// <exception cref="AudioFetchException">The URI is bad or the file cannot be fetched.</exception>
    /// <exception cref="OpenMrs.Audio.Decoding.AudioDecodeException">The audio cannot be decoded or is silent.</exception>
    public async Task<TrackAudioFeatures> ExtractAsync(string? audioUri, CancellationToken cancellationToken)
    {
        using var fetched = await fetcher.FetchAsync(audioUri, cancellationToken);
        await _decodeSlots.WaitAsync(cancellationToken);
        OpenMrs.Audio.Decoding.DecodedAudio audio;
        try
        {
            audio = await extractors.Get().DecodeAsync(fetched.Path, cancellationToken);
        }
        finally
        {
            _decodeSlots.Release();
        }
        return await batcher.ExtractAsync(audio, cancellationToken);
    }

    public void Dispose() => _decodeSlots.Dispose();
}
