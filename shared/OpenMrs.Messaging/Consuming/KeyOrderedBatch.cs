using Confluent.Kafka;

namespace OpenMrs.Messaging.Consuming;

/// <summary>
/// One round of consumed messages. Messages with the same partition and key run one after the other in offset order;
/// different keys run concurrently. Tracks which messages finished, so that only a fully processed prefix of each
/// partition is ever committed.
/// </summary>
internal sealed class KeyOrderedBatch
{
    private readonly List<ConsumeResult<byte[]?, byte[]?>> _messages;
    private readonly string[] _keys;
    private readonly bool[] _done;

    public KeyOrderedBatch(List<ConsumeResult<byte[]?, byte[]?>> messages)
    {
        _messages = messages;
        _keys = new string[messages.Count];
        for (var i = 0; i < messages.Count; i++) _keys[i] = MessageKeys.Decode(messages[i].Message.Key);
        _done = new bool[messages.Count];
    }

    public int Count => _messages.Count;

    /// <summary>Runs <paramref name="processGroup"/> once per (partition, key) group, groups concurrently.</summary>
    public async Task RunAsync(Func<KeyGroup, CancellationToken, Task> processGroup, int maxDegreeOfParallelism, CancellationToken cancellationToken)
    {
        var groups = GroupByPartitionAndKey();
        if (groups.Count == 1 || maxDegreeOfParallelism == 1)
        {
            foreach (var group in groups)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await processGroup(group, cancellationToken).ConfigureAwait(false);
            }
            return;
        }
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(groups, parallel, (group, token) => new ValueTask(processGroup(group, token))).ConfigureAwait(false);
    }

    /// <summary>Per partition: the offset to commit (first unfinished message, or one past the last) and whether all finished.</summary>
    public IEnumerable<(TopicPartitionOffset Next, bool Complete)> Progress()
    {
        var seen = new HashSet<TopicPartition>();
        for (var i = 0; i < _messages.Count; i++)
        {
            var partition = _messages[i].TopicPartition;
            if (!seen.Add(partition)) continue;
            long? firstUnfinished = null;
            long last = -1;
            for (var j = i; j < _messages.Count; j++)
            {
                if (!_messages[j].TopicPartition.Equals(partition)) continue;
                last = _messages[j].Offset.Value;
                if (!_done[j] && firstUnfinished is null) firstUnfinished = last;
            }
            yield return firstUnfinished is { } unfinished
                ? (new TopicPartitionOffset(partition, unfinished), false)
                : (new TopicPartitionOffset(partition, last + 1), true);
        }
    }

    private List<KeyGroup> GroupByPartitionAndKey()
    {
        var byKey = new Dictionary<(string Topic, int Partition, string Key), List<int>>();
        var indexLists = new List<List<int>>();
        for (var i = 0; i < _messages.Count; i++)
        {
            var id = (_messages[i].Topic, _messages[i].Partition.Value, _keys[i]);
            if (!byKey.TryGetValue(id, out var indices))
            {
                byKey[id] = indices = [];
                indexLists.Add(indices);
            }
            indices.Add(i);
        }
        var groups = new List<KeyGroup>(indexLists.Count);
        foreach (var indices in indexLists)
        {
            var members = indices.ToArray();
            groups.Add(new KeyGroup(_keys[members[0]], Array.ConvertAll(members, i => _messages[i]), position => _done[members[position]] = true));
        }
        return groups;
    }
}
