using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenMrs.Messaging.Configuration;
using OpenMrs.Messaging.Telemetry;

namespace OpenMrs.Messaging.Publishing;

/// <summary>
/// Owns the one idempotent producer of the process: every publish and every dead-letter write shares it, so concurrent
/// writes are batched together (linger.ms) and one connection set serves them all. A producer that hit a fatal error
/// (possible with idempotence) is replaced on the next write.
/// </summary>
public sealed class KafkaProducerHost : IDisposable
{
    private static readonly TimeSpan FlushOnDispose = TimeSpan.FromSeconds(10);

    private readonly KafkaOptions _options;
    private readonly KafkaEndpoint _endpoint;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private IProducer<byte[]?, byte[]?>? _producer;
    private volatile bool _fatal;
    private bool _disposed;

    public KafkaProducerHost(IOptions<KafkaOptions> options, KafkaEndpoint endpoint, ILogger<KafkaProducerHost>? logger = null)
    {
        _options = options.Value;
        _endpoint = endpoint;
        _logger = logger ?? NullLogger<KafkaProducerHost>.Instance;
    }

    public IProducer<byte[]?, byte[]?> Producer
    {
        get
        {
            var producer = _producer;
            if (producer is not null && !_fatal) return producer;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_producer is not null && !_fatal) return _producer;
                var broken = _producer;
                _producer = Build();
                _fatal = false;
                broken?.Dispose();
                return _producer;
            }
        }
    }

    private IProducer<byte[]?, byte[]?> Build() =>
        new ProducerBuilder<byte[]?, byte[]?>(KafkaClientConfigs.Producer(_options, _endpoint.BootstrapServers))
            .SetErrorHandler((_, error) =>
            {
                if (error.IsFatal)
                {
                    _fatal = true;
                    _logger.LogError("Kafka producer fatal error {Code}: {Reason}; it will be replaced", error.Code, error.Reason);
                }
                else
                {
                    _logger.LogWarning("Kafka producer error {Code}: {Reason}", error.Code, error.Reason);
                }
            })
            .SetLogHandler((_, log) => LibrdkafkaLogging.Write(_logger, log))
            .Build();

    public void Dispose()
    {
        IProducer<byte[]?, byte[]?>? producer;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            producer = _producer;
            _producer = null;
        }
        if (producer is null) return;
        try
        {
            producer.Flush(FlushOnDispose);
        }
        catch (KafkaException ex)
        {
            _logger.LogWarning(ex, "Kafka producer could not flush on shutdown");
        }
        producer.Dispose();
    }
}
