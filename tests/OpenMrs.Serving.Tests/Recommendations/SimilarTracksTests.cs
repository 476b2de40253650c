using OpenMrs.ModelStore.Formats;
using OpenMrs.Recommender.Numerics;
using OpenMrs.Serving.Grains.Content;
using OpenMrs.Serving.Grains.Models;
using OpenMrs.Serving.Grains.Ranking.Candidates.FactorSearch;
using OpenMrs.Serving.Grains.Recommendations;
using OpenMrs.Serving.Tests.Fixtures;

namespace OpenMrs.Serving.Tests.Recommendations;

/// <summary>
/// Similar tracks against a brute-force reference over the whole catalogue: the planted model's 150 tracks, with audio
/// embeddings planted along another partition than the tastes (track rank mod 3), so the two bases disagree and a
/// blend must weigh both.
/// </summary>
public sealed class SimilarTracksTests
{
    private const int Dimensions = 8, SoundGroups = 3;
    private static readonly ModelPart Personal = new("als-1", PersonalModels.Trained("als"));
    private readonly TrackEmbeddings _embeddings = new();
    private readonly SimilarTracks _similar;

    public SimilarTracksTests()
    {
        var holder = new CurrentModelHolder();
        holder.TryUpdate(PopularityModel.Kind, "p-1", _ => new ServingModel("p-1", PopularityModel.Empty, DateTimeOffset.UnixEpoch, Personal));
        var random = new Random(4);
        var centres = Enumerable.Range(0, SoundGroups).Select(_ => Enumerable.Range(0, Dimensions).Select(_ => (float)random.NextDouble() - 0.5f).ToArray()).ToArray();
        foreach (var track in Personal.Model.Items.Ids)
            _embeddings.Upsert(track, centres[Rank(track) % SoundGroups].Select(c => c + 0.3f * ((float)random.NextDouble() - 0.5f)).ToArray());
        _similar = new SimilarTracks(holder, _embeddings, new AudioNeighbourIndex(_embeddings), new FactorIndexCache(annAboveItems: int.MaxValue));
    }

    private static int Rank(string track) => int.Parse(track[^3..]);

    [Theory]
    [InlineData(SimilarityBasis.Cf)]
    [InlineData(SimilarityBasis.Audio)]
    [InlineData(SimilarityBasis.Blend)]
    public void The_list_is_the_brute_force_top_k_and_a_shorter_list_is_its_prefix(SimilarityBasis by)
    {
        foreach (var anchor in PersonalModels.Stream.TracksOfGroup.Select(group => group[0]))
        {
            var reference = Reference(anchor, by);
            var found = _similar.Find(anchor, 10, by)!;

            Assert.Equal(reference.Take(10).Select(r => r.Track), found.Items.Select(i => i.TrackId));
            Assert.All(reference.Zip(found.Items), pair => Assert.Equal(pair.First.Score, pair.Second.Score, 1e-5));
            var longest = _similar.Find(anchor, Personal.Model.Items.Count, by)!.Items.Select(i => i.TrackId).ToList();
            foreach (var count in new[] { 1, 3, 5, 20 })
                Assert.Equal(longest.Take(count), _similar.Find(anchor, count, by)!.Items.Select(i => i.TrackId));
        }
    }

    [Fact]
    public void A_blend_favours_tracks_close_on_both_bases()
    {
        var anchor = PersonalModels.Stream.TracksOfGroup[2][0];
        var blend = _similar.Find(anchor, 5, SimilarityBasis.Blend)!;

        // Same taste group (cf) and same sound group (rank mod 3) as the anchor.
        Assert.All(blend.Items, i => Assert.Equal(2, PersonalModels.Stream.TrackGroup[i.TrackId]));
        Assert.All(blend.Items, i => Assert.Equal(Rank(anchor) % SoundGroups, Rank(i.TrackId) % SoundGroups));
    }

    /// <summary>Every other track scored on the basis (the mean of the two cosines for a blend), best first, ties by id.</summary>
    private List<(string Track, double Score)> Reference(string anchor, SimilarityBasis by)
    {
        var items = Personal.Model.Items;
        var factors = Personal.Model.Factors!.ItemFactors;
        var a = items.TryGetIndex(anchor, out var i) ? i : throw new InvalidOperationException(anchor);
        var sound = _embeddings.Find(anchor)!;
        return [.. items.Ids.Where(t => t != anchor).Select(t =>
            {
                var b = items.TryGetIndex(t, out var j) ? j : -1;
                var cf = (double)VectorOps.Dot(factors.Row(a), factors.Row(b)) / (VectorOps.Norm(factors.Row(a)) * VectorOps.Norm(factors.Row(b)));
                var audio = (double)VectorOps.Dot(sound, _embeddings.Find(t)!);
                return (Track: t, Score: by switch { SimilarityBasis.Cf => cf, SimilarityBasis.Audio => audio, _ => (cf + audio) / 2 });
            })
            .OrderByDescending(r => r.Score).ThenBy(r => r.Track, StringComparer.Ordinal)];
    }
}
