using Microsoft.Extensions.Options;
using OpenMrs.Training.Catalog;
using OpenMrs.Training.Hosting;
using OpenMrs.Training.Interactions;

namespace OpenMrs.Training.Cycles;

/// <summary>
/// Runs a <see cref="TrainingCycle"/> whenever <see cref="TrainingOptions.RetrainAfterEvents"/> new events arrived,
/// or <see cref="TrainingOptions.RetrainInterval"/> passed with any new event; when only track features arrived, the
/// interval runs just the content steps (<see cref="TrainingCycle.RunContentAsync"/>). A failed cycle is logged and
/// counted; the current models stay.
/// </summary>
public sealed class ModelTrainer(
    TrainingCycle cycle, InteractionStore interactions, TrackFeatureStore features, TrainingMetrics metrics, IOptions<TrainingOptions> options,
    TimeProvider time, ILogger<ModelTrainer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var lastCycle = time.GetUtcNow();
        using var timer = new PeriodicTimer(o.TrainCheckInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var fresh = interactions.Version - cycle.LastTrainedEventCount;
            var intervalPassed = time.GetUtcNow() - lastCycle >= o.RetrainInterval;
            var due = fresh >= o.RetrainAfterEvents || (fresh > 0 && intervalPassed);
            var contentDue = !due && intervalPassed && features.Version > cycle.LastTrainedFeaturesVersion;
            if (!due && !contentDue) continue;
            try
            {
                if (due) await cycle.RunAsync(stoppingToken);
                else await cycle.RunContentAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                metrics.PublishFailures.Add(1);
                logger.LogError(ex, "A training cycle failed; the current models stay, retrying at the next trigger");
            }
            lastCycle = time.GetUtcNow();
        }
    }
}
