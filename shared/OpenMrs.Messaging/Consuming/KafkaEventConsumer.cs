using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenMrs.Messaging.Configuration;
using OpenMrs.Messaging.Telemetry;

namespace OpenMrs.Messaging.Consuming;

/// <summary>
/// A hosted consumer of one topic in one consumer group. Each round takes up to MaxBatchSize messages, processes them
/// (same key in order, different keys in parallel) with handlers from one DI scope, then stores the offsets of what
/// finished; stored offsets are committed every CommitInterval, on partition revocation and on shutdown. Nothing is
/// committed before it was processed, so delivery is at-least-once. Failures never stop the host: a broken client is
/// rebuilt after a back-off.
/// </summary>
public sealed class KafkaEventConsumer<T> : BackgroundService
{
    private static readonly TimeSpan MaxRestartDelay = TimeSpan.FromSeconds(30);


    private readonly string _topic;
    private readonly string _groupId;
    private readonly EventConsumerOptions _options;
    /// <summary>Resolves the handler from a batch's scope and returns what processes one key group with it.</summary>
    private readonly Func<IServiceProvider, Func<KeyGroup, CancellationToken, Task>> _bindGroupProcessor;
    private readonly IServiceScopeFactory _scopes;
    private readonly KafkaEndpoint _endpoint;
    private readonly KafkaOptions _kafka;
    private readonly ILogger _logger;
    private readonly BacklogReporter _backlog;

    /// <summary>A consumer calling <see cref="IEventHandler{T}"/> once per message.</summary>
    public KafkaEventConsumer(
        string topic,
        string groupId,
        EventConsumerOptions options,
        Func<IServiceProvider, IEventHandler<T>> resolveHandler,
        IServiceScopeFactory scopes,
        KafkaEndpoint endpoint,
        KafkaOptions kafka,
        DeadLetterPublisher deadLetters,
        ILogger<KafkaEventConsumer<T>> logger)
        : this(topic, groupId, options, OneByOne(resolveHandler, new EventMessageProcessor<T>(groupId, options, deadLetters, logger)),
            scopes, endpoint, kafka, logger)
    {
    }

    /// <summary>A consumer calling <see cref="IEventBatchHandler{T}"/> once per (partition, key) group of each round.</summary>
    public KafkaEventConsumer(
        string topic,
        string groupId,
        EventConsumerOptions options,
        Func<IServiceProvider, IEventBatchHandler<T>> resolveBatchHandler,
        IServiceScopeFactory scopes,
        KafkaEndpoint endpoint,
        KafkaOptions kafka,
        DeadLetterPublisher deadLetters,
        ILogger<KafkaEventConsumer<T>> logger)
        : this(topic, groupId, options,
            InBatches(resolveBatchHandler, new EventBatchProcessor<T>(groupId, new EventMessageProcessor<T>(groupId, options, deadLetters, logger), logger)),
            scopes, endpoint, kafka, logger)
    {
    }

    private KafkaEventConsumer(
        string topic,
        string groupId,
        EventConsumerOptions options,
        Func<IServiceProvider, Func<KeyGroup, CancellationToken, Task>> bindGroupProcessor,
        IServiceScopeFactory scopes,
        KafkaEndpoint endpoint,
        KafkaOptions kafka,
        ILogger logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentException.ThrowIfNullOrWhiteSpace(groupId);
        options.Validate();
        _topic = topic;
        _groupId = groupId;
        _options = options;
        _scopes = scopes;
        _endpoint = endpoint;
        _kafka = kafka;
        _logger = logger;
        _bindGroupProcessor = bindGroupProcessor;
        _backlog = new BacklogReporter(endpoint.Backlog, topic, groupId, logger);
    }

    private static Func<IServiceProvider, Func<KeyGroup, CancellationToken, Task>> OneByOne(
        Func<IServiceProvider, IEventHandler<T>> resolveHandler, EventMessageProcessor<T> processor) =>
        scoped =>
        {
            var handler = resolveHandler(scoped);
            return (group, token) => ProcessOneByOneAsync(group, processor, handler, token);
        };

    private static Func<IServiceProvider, Func<KeyGroup, CancellationToken, Task>> InBatches(
        Func<IServiceProvider, IEventBatchHandler<T>> resolveHandler, EventBatchProcessor<T> processor) =>
        scoped =>
        {
            var handler = resolveHandler(scoped);
            return (group, token) => processor.ProcessAsync(group, handler, token);
        };

    public string Topic => _topic;

    public string GroupId => _groupId;

    /// <summary>librdkafka's consume call blocks, so the loop gets a thread of its own.</summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var consumer = Build();
                consumer.Subscribe(_topic);
                _logger.LogInformation("Consuming {Topic} as group {Group}", _topic, _groupId);
                ConsumeUntilStopped(consumer, stoppingToken, ref failures);
                CommitStored(consumer);
                consumer.Close();
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                _backlog.Stalled();
                failures++;
                var delay = TimeSpan.FromMilliseconds(Math.Min(MaxRestartDelay.TotalMilliseconds, 500 * Math.Pow(2, Math.Min(failures, 10))));
                _logger.LogError(ex, "Consumer of {Topic} (group {Group}) failed; restarting in {Delay}", _topic, _groupId, delay);
                stoppingToken.WaitHandle.WaitOne(delay);
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "Consumer of {Topic} (group {Group}) failed while stopping", _topic, _groupId);
                return;
            }
        }
    }

    private IConsumer<byte[]?, byte[]?> Build() =>
        new ConsumerBuilder<byte[]?, byte[]?>(KafkaClientConfigs.Consumer(_kafka, _endpoint.BootstrapServers, _groupId, _options))
            .SetPartitionsRevokedHandler((consumer, revoked) =>
            {
                CommitStored(consumer);
                _backlog.Revoked(revoked);
            })
            .SetLogHandler((_, log) => LibrdkafkaLogging.Write(_logger, log))
            .SetErrorHandler((_, error) => _logger.Log(error.IsFatal ? LogLevel.Error : LogLevel.Warning,
                "Kafka consumer of {Topic} error {Code}: {Reason}", _topic, error.Code, error.Reason))
            .Build();

    private void ConsumeUntilStopped(IConsumer<byte[]?, byte[]?> consumer, CancellationToken stoppingToken, ref int failures)
    {
        var nextCommit = DateTime.UtcNow + _options.CommitInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            var messages = Poll(consumer);
            _backlog.StartRound(messages);
            _backlog.ReportIfDue(consumer);
            if (messages.Count > 0)
            {
                var batch = new KeyOrderedBatch(messages);
                var failed = ProcessBatch(batch, () => _backlog.Report(consumer), stoppingToken);
                Settle(consumer, batch, rewind: !stoppingToken.IsCancellationRequested);
                if (failed)
                {
                    failures++;
                    stoppingToken.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(Math.Min(5_000, 200 * failures)));
                }
                else
                {
                    failures = 0;
                }
            }
            if (DateTime.UtcNow >= nextCommit)
            {
                CommitStored(consumer);
                nextCommit = DateTime.UtcNow + _options.CommitInterval;
            }
        }
    }

    private List<ConsumeResult<byte[]?, byte[]?>> Poll(IConsumer<byte[]?, byte[]?> consumer)
    {
        var messages = new List<ConsumeResult<byte[]?, byte[]?>>();
        try
        {
            var first = consumer.Consume(_options.PollTimeout);
            if (first is null) return messages;
            messages.Add(first);
            while (messages.Count < _options.MaxBatchSize && consumer.Consume(TimeSpan.Zero) is { } next) messages.Add(next);
        }
        catch (ConsumeException ex) when (!ex.Error.IsFatal)
        {
            _logger.LogWarning("Consumer of {Topic}: {Code}: {Reason}", _topic, ex.Error.Code, ex.Error.Reason);
        }
        return messages;
    }

    /// <returns>Whether some message could not be taken to its end (it will be consumed again).</returns>
    /// <param name="reportBacklog">Called every <see cref="BacklogReporter.Interval"/> while the round runs, so a long round
    /// does not leave publishers with a stale view of the lag.</param>
    private bool ProcessBatch(KeyOrderedBatch batch, Action reportBacklog, CancellationToken stoppingToken)
    {
        try
        {
            var running = RunBatchAsync(batch, stoppingToken);
            while (Task.WaitAny([running], BacklogReporter.Interval) < 0) reportBacklog();
            running.GetAwaiter().GetResult();
            return false;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Processing a batch of {Count} from {Topic} failed; the unfinished messages will be consumed again", batch.Count, _topic);
            return true;
        }
    }

    private async Task RunBatchAsync(KeyOrderedBatch batch, CancellationToken stoppingToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var processGroup = _bindGroupProcessor(scope.ServiceProvider);
        await batch.RunAsync(processGroup, _options.MaxDegreeOfParallelism, stoppingToken).ConfigureAwait(false);
    }

    private static async Task ProcessOneByOneAsync(KeyGroup group, EventMessageProcessor<T> processor, IEventHandler<T> handler, CancellationToken cancellationToken)
    {
        for (var position = 0; position < group.Messages.Count; position++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await processor.ProcessAsync(group.Messages[position], group.Key, handler, cancellationToken).ConfigureAwait(false);
            group.MarkDone(position);
        }
    }

    /// <summary>Stores the finished prefix of each partition; rewinds a partition to its first unfinished message.</summary>
    private void Settle(IConsumer<byte[]?, byte[]?> consumer, KeyOrderedBatch batch, bool rewind)
    {
        foreach (var (next, complete) in batch.Progress())
        {
            try
            {
                consumer.StoreOffset(next);
                if (!complete && rewind) consumer.Seek(next);
            }
            catch (KafkaException ex)
            {
                // The partition was taken away meanwhile; its new owner starts from the last commit.
                _logger.LogDebug("Could not store/seek {Position}: {Reason}", next, ex.Error.Reason);
            }
        }
    }

    private void CommitStored(IConsumer<byte[]?, byte[]?> consumer)
    {
        try
        {
            consumer.Commit();
        }
        catch (KafkaException ex) when (ex.Error.Code == ErrorCode.Local_NoOffset)
        {
        }
        catch (KafkaException ex)
        {
            _logger.LogWarning("Commit of {Topic} (group {Group}) failed: {Reason}", _topic, _groupId, ex.Error.Reason);
        }
    }
}
