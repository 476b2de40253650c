using Microsoft.Extensions.Options;
using OpenMrs.Contracts.Events;
using OpenMrs.Features.Configuration;
using OpenMrs.Messaging;

namespace OpenMrs.Features.Embedding;

/// <summary>
/// Consumes <c>models</c> announcements: a new version of <see cref="FeaturesOptions.ModelKind"/> is loaded and swapped
/// in (<see cref="FeatureExtractorProvider.TryLoad"/>), then the known catalogue is re-embedded in the background.
/// Other kinds and older versions are ignored.
/// </summary>
public sealed class AudioModelAnnouncementHandler(FeatureExtractorProvider extractors, CatalogueReembedder reembedder, IOptions<FeaturesOptions> options)
    : IEventHandler<ModelPublished>
{
    public Task HandleAsync(ConsumedEvent<ModelPublished> message, CancellationToken cancellationToken)
    {
        var announcement = message.Value;
        if (announcement.ModelKind == options.Value.ModelKind && extractors.TryLoad(announcement.Version))
            reembedder.Start(extractors.Current.WeightsVersion);
        return Task.CompletedTask;
    }
}
