using Confluent.Kafka;

namespace OpenMrs.Messaging.Consuming;

/// <summary>The messages of one round with the same partition and key, in offset order, and which of them finished.</summary>
internal sealed class KeyGroup(string key, ConsumeResult<byte[]?, byte[]?>[] messages, Action<int> markDone)
{
    public string Key { get; } = key;

    public IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> Messages { get; } = messages;

    /// <summary>Message <paramref name="position"/> (in <see cref="Messages"/>) is processed or dead-lettered: its offset may be committed.</summary>
    public void MarkDone(int position) => markDone(position);
}
