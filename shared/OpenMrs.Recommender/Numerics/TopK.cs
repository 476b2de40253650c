using OpenMrs.Recommender.Models;

namespace OpenMrs.Recommender.Numerics;

/// <summary>Exact top-k selection with a bounded min-heap: O(n log k), no full sort. Ties go to the lower index.</summary>
public static class TopK
{
    /// <summary>The <paramref name="count"/> best scores, best first, skipping NaN/−∞ and the sorted <paramref name="excluded"/> indices.</summary>
    public static ScoredItem[] Select(ReadOnlySpan<float> scores, int count, ReadOnlySpan<int> excluded = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var heap = new Heap(Math.Min(count, scores.Length));
        var next = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            while (next < excluded.Length && excluded[next] < i) next++;
            if (next < excluded.Length && excluded[next] == i) continue;
            var s = scores[i];
            if (float.IsNaN(s) || float.IsNegativeInfinity(s)) continue;
            heap.Offer(i, s);
        }
        return heap.DrainDescending();
    }

    /// <summary>Selects from sparse (index, score) candidates, e.g. a neighbourhood's accumulated scores.</summary>
    public static ScoredItem[] SelectCandidates(IReadOnlyCollection<KeyValuePair<int, float>> candidates, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var heap = new Heap(Math.Min(count, candidates.Count));
        foreach (var (item, score) in candidates)
            if (!float.IsNaN(score) && !float.IsNegativeInfinity(score)) heap.Offer(item, score);
        return heap.DrainDescending();
    }

    private sealed class Heap(int capacity)
    {
        private readonly int[] _items = new int[Math.Max(capacity, 0)];
        private readonly float[] _scores = new float[Math.Max(capacity, 0)];
        private int _size;

        // "Worse" means lower score, or equal score and higher index: the root is the worst kept entry.
        private bool Worse(int a, int b) => _scores[a] < _scores[b] || (_scores[a] == _scores[b] && _items[a] > _items[b]);

        public void Offer(int item, float score)
        {
            if (_items.Length == 0) return;
            if (_size < _items.Length)
            {
                _items[_size] = item;
                _scores[_size] = score;
                SiftUp(_size++);
                return;
            }
            if (score < _scores[0] || (score == _scores[0] && item > _items[0])) return;
            _items[0] = item;
            _scores[0] = score;
            SiftDown(0);
        }

        public ScoredItem[] DrainDescending()
        {
            var result = new ScoredItem[_size];
            while (_size > 0)
            {
                result[_size - 1] = new ScoredItem(_items[0], _scores[0]);
                _size--;
                _items[0] = _items[_size];
                _scores[0] = _scores[_size];
                SiftDown(0);
            }
            return result;
        }

        private void SiftUp(int i)
        {
            while (i > 0)
            {
                var parent = (i - 1) / 2;
                if (!Worse(i, parent)) break;
                Swap(i, parent);
                i = parent;
            }
        }

        private void SiftDown(int i)
        {
            while (true)
            {
                int left = 2 * i + 1, right = left + 1, worst = i;
                if (left < _size && Worse(left, worst)) worst = left;
                if (right < _size && Worse(right, worst)) worst = right;
                if (worst == i) return;
                Swap(i, worst);
                i = worst;
            }
        }

        private void Swap(int a, int b)
        {
            (_items[a], _items[b]) = (_items[b], _items[a]);
            (_scores[a], _scores[b]) = (_scores[b], _scores[a]);
        }
    }
}
