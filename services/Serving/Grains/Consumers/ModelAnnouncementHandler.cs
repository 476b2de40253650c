using Microsoft.Extensions.Logging;
using OpenMrs.Contracts.Events;
using OpenMrs.Messaging;
using OpenMrs.ModelStore.Store;
using OpenMrs.Serving.Grains.Models;

namespace OpenMrs.Serving.Grains.Consumers;

/// <summary>
/// Loads each model announced on <c>models</c> and swaps it in. Every silo consumes this topic in its own consumer
/// group, so every silo serves the new version. Older or repeated announcements change nothing.
/// </summary>
public sealed class ModelAnnouncementHandler(ModelLoader loader, ILogger<ModelAnnouncementHandler> logger) : IEventHandler<ModelPublished>
{
    public Task HandleAsync(ConsumedEvent<ModelPublished> message, CancellationToken cancellationToken)
    {
        var announcement = message.Value;
        if (!loader.Serves(announcement.ModelKind))
        {
            logger.LogDebug("Ignoring model kind {Kind}: this version of Serving does not rank with it", announcement.ModelKind);
            return Task.CompletedTask;
        }
        try
        {
            loader.Load(announcement.ModelKind, announcement.Version);
        }
        catch (ModelNotFoundException ex)
        {
            throw new PermanentEventFailure($"announced model {announcement.ModelKind}/{announcement.Version} is not in the model store", ex);
        }
        catch (ModelFormatException ex)
        {
            throw new PermanentEventFailure($"announced model {announcement.ModelKind}/{announcement.Version} is not readable: {ex.Message}", ex);
        }
        return Task.CompletedTask;
    }
}
