using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenMrs.Messaging.Backpressure;
using OpenMrs.Messaging.Configuration;
using OpenMrs.Messaging.Consuming;
using OpenMrs.Messaging.Publishing;

namespace OpenMrs.Messaging;

public static class MessagingServiceCollectionExtensions
{
    /// <summary>
    /// The event bus: binds the <c>Kafka</c> section (<see cref="KafkaOptions"/>) and registers the shared idempotent
    /// producer as <see cref="IEventPublisher"/>. With <c>Kafka:BootstrapServers</c> empty or <c>embedded</c>, the
    /// in-process embedded cluster is started on first use and stopped with the container.
    /// </summary>
    public static IServiceCollection AddKafkaMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<KafkaOptions>().Bind(configuration.GetSection(KafkaOptions.SectionName));
        services.AddOptions<BacklogOptions>().Bind(configuration.GetSection(BacklogOptions.SectionName));
        return services.AddKafkaMessagingCore();
    }

    public static IServiceCollection AddKafkaMessaging(this IServiceCollection services, Action<KafkaOptions> configure)
    {
        services.AddOptions<KafkaOptions>().Configure(configure);
        return services.AddKafkaMessagingCore();
    }

    /// <summary>Forces the in-process embedded cluster, whatever <c>Kafka:BootstrapServers</c> says (the all-in-one host, tests).</summary>
    public static IServiceCollection AddEmbeddedKafka(this IServiceCollection services, Action<EmbeddedKafkaOptions>? configure = null)
    {
        services.AddOptions<KafkaOptions>().PostConfigure(options =>
        {
            options.BootstrapServers = KafkaOptions.EmbeddedKeyword;
            configure?.Invoke(options.Embedded);
        });
        return services.AddKafkaMessagingCore();
    }

    /// <summary>
    /// A hosted consumer of <paramref name="topic"/> in consumer group <paramref name="groupId"/>, decoding
    /// <typeparamref name="T"/> and calling <typeparamref name="THandler"/>. The handler is registered scoped unless
    /// already registered: one scope serves a whole batch, and the handler is called concurrently for different keys,
    /// so it must be thread-safe. Requires <see cref="AddKafkaMessaging(IServiceCollection, IConfiguration)"/>.
    /// Configuration section <c>Kafka:Consumers:{groupId}</c> overrides <paramref name="options"/> property by property.
    /// </summary>
    public static IServiceCollection AddEventConsumer<T, THandler>(
        this IServiceCollection services, string topic, string groupId, EventConsumerOptions? options = null)
        where THandler : class, IEventHandler<T> =>
        services.AddConsumer<T, THandler>(topic, groupId, options, (o, scopes, endpoint, kafka, deadLetters, logger) =>
            new KafkaEventConsumer<T>(topic, groupId, o, scoped => scoped.GetRequiredService<THandler>(), scopes, endpoint, kafka, deadLetters, logger));

    /// <summary>
    /// Like <see cref="AddEventConsumer{T, THandler}"/>, but each round calls <typeparamref name="THandler"/> once per
    /// (partition, key) group with that group's messages in offset order (<see cref="IEventBatchHandler{T}"/> says
    /// how failures are handled). Groups run concurrently, so the handler must be thread-safe.
    /// </summary>
    public static IServiceCollection AddEventBatchConsumer<T, THandler>(
        this IServiceCollection services, string topic, string groupId, EventConsumerOptions? options = null)
        where THandler : class, IEventBatchHandler<T> =>
        services.AddConsumer<T, THandler>(topic, groupId, options, (o, scopes, endpoint, kafka, deadLetters, logger) =>
            new KafkaEventConsumer<T>(topic, groupId, o, scoped => scoped.GetRequiredService<THandler>(), scopes, endpoint, kafka, deadLetters, logger));

    private delegate KafkaEventConsumer<T> ConsumerFactory<T>(
        EventConsumerOptions options, IServiceScopeFactory scopes, KafkaEndpoint endpoint, KafkaOptions kafka,
        DeadLetterPublisher deadLetters, ILogger<KafkaEventConsumer<T>> logger);

    /// <summary>Validates the options, registers the handler scoped, and adds the hosted consumer built by <paramref name="create"/>.</summary>
    private static IServiceCollection AddConsumer<T, THandler>(
        this IServiceCollection services, string topic, string groupId, EventConsumerOptions? options, ConsumerFactory<T> create)
        where THandler : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentException.ThrowIfNullOrWhiteSpace(groupId);
        var codeOptions = options ?? new EventConsumerOptions();
        codeOptions.Validate();
        services.TryAddScoped<THandler>();
        services.AddSingleton<IHostedService>(provider => create(
            EventConsumerOptions.WithOverrides(codeOptions, provider.GetService<IConfiguration>(), groupId),
            provider.GetRequiredService<IServiceScopeFactory>(),
            provider.GetRequiredService<KafkaEndpoint>(),
            provider.GetRequiredService<IOptions<KafkaOptions>>().Value,
            provider.GetRequiredService<DeadLetterPublisher>(),
            provider.GetService<ILogger<KafkaEventConsumer<T>>>() ?? NullLogger<KafkaEventConsumer<T>>.Instance));
        return services;
    }

    private static IServiceCollection AddKafkaMessagingCore(this IServiceCollection services)
    {
        services.TryAddSingleton<KafkaEndpoint>();
        services.TryAddSingleton<KafkaProducerHost>();
        services.TryAddSingleton<IEventPublisher, KafkaEventPublisher>();
        services.TryAddSingleton<DeadLetterPublisher>();
        services.TryAddSingleton<BacklogAdmission>();
        return services;
    }
}
