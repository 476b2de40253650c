using System.Globalization;
using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Data.Readers;
using OpenMrs.Recommender.Sequences;

namespace OpenMrs.Recommender.Evaluation.Sequences;

/// <summary>
/// Key, mode and tempo per item index, for the key and tempo smoothness of continuations (DISCO's keysim and
/// temposim, <see cref="TransitionSimilarity"/>). Items without descriptors hold nulls.
/// </summary>
public sealed class TrackDescriptors
{
    private readonly int?[] _keys;
    private readonly int?[] _modes;
    private readonly double?[] _tempos;

    public TrackDescriptors(int items)
    {
        _keys = new int?[items];
        _modes = new int?[items];
        _tempos = new double?[items];
    }

    /// <summary>Items that have a key and a tempo.</summary>
    public int Known { get; private set; }

    /// <param name="key">Pitch class 0 = C … 11 = B.</param>
    /// <param name="mode">1 = major, 0 = minor.</param>
    /// <param name="tempo">Beats per minute.</param>
    public void Set(int item, int key, int mode, double tempo)
    {
        if (_keys[item] is null) Known++;
        (_keys[item], _modes[item], _tempos[item]) = (key, mode, tempo);
    }

    public bool Has(int item) => (uint)item < (uint)_keys.Length && _keys[item] is not null;

    /// <summary>keysim and temposim of the transition from → to; both items must have descriptors (<see cref="Has"/>).</summary>
    public (double Key, double Tempo) Transition(int from, int to) => (
        TransitionSimilarity.KeySimilarity(_keys[from], _modes[from], _keys[to], _modes[to]),
        TransitionSimilarity.TempoSimilarity(_tempos[from], _tempos[to]));

    /// <summary>
    /// Reads a tab-separated file with a header naming <c>item</c>, <c>key</c>, <c>mode</c> and <c>tempo</c> columns
    /// (any order, other columns ignored): key 0–11, mode 0 (minor) or 1 (major), tempo in BPM &gt; 0. Items not in
    /// <paramref name="items"/> are ignored. A bad row throws <see cref="MalformedInputException"/> (one line: file, line, reason).
    /// </summary>
    public static TrackDescriptors Read(string path, IdMap items)
    {
        var descriptors = new TrackDescriptors(items.Count);
        int[]? columns = null;
        string[] names = ["item", "key", "mode", "tempo"];
        foreach (var _ in new DelimitedLineReader(path).Read<bool>('\t', line =>
        {
            if (columns is null)
            {
                var header = line.Fields.Select(f => f.Trim().ToLowerInvariant()).ToList();
                columns = [.. names.Select(n => header.IndexOf(n))];
                if (columns.Any(c => c < 0))
                    throw new MalformedInputException(path, line.Number, $"expected a tab-separated header naming the item, key, mode and tempo columns, got '{line.Text}'");
                return null;
            }
            if (line.Fields.Length <= columns.Max()) throw new LineFormatException($"expected the item, key, mode and tempo fields but found {line.Fields.Length} field(s)");
            var key = Integer(line, columns[1], "key", 0, 11);
            var mode = Integer(line, columns[2], "mode", 0, 1);
            var text = line.Fields[columns[3]].Trim();
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var tempo) || !double.IsFinite(tempo) || tempo <= 0)
                throw new LineFormatException($"tempo '{text}' is not a positive number of beats per minute");
            if (items.TryGetIndex(line.Fields[columns[0]].Trim(), out var item)) descriptors.Set(item, key, mode, tempo);
            return true;
        })) { }
        return descriptors;
    }

    private static int Integer(DelimitedLineReader.Line line, int index, string name, int min, int max)
    {
        var text = line.Fields[index].Trim();
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw new LineFormatException($"{name} '{text}' is not an integer from {min} to {max}");
        return value;
    }
}
