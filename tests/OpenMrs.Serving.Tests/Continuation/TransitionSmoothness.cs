using OpenMrs.Recommender.Sequences;
using OpenMrs.Serving.Grains.Content;

namespace OpenMrs.Serving.Tests.Continuation;

/// <summary>Mean keysim + temposim per step (of 2) of a play order that follows <c>start</c>, from the stored descriptors.</summary>
internal static class TransitionSmoothness
{
    public static double Of(TrackDescriptorStore store, string start, IEnumerable<string> order)
    {
        var tracks = order.Prepend(start).Select(id => store.TryGet(id, out var d) ? d : null).ToList();
        return tracks.Zip(tracks.Skip(1)).Average(p =>
            TransitionSimilarity.KeySimilarity(p.First?.Key, p.First?.Mode, p.Second?.Key, p.Second?.Mode)
            + TransitionSimilarity.TempoSimilarity(p.First?.TempoBpm, p.Second?.TempoBpm));
    }
}
