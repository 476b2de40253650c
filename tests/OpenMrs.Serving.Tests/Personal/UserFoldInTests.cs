using OpenMrs.Contracts.Events;
using OpenMrs.Recommender.Models.Factorization;
using OpenMrs.Serving.Grains.Models;
using OpenMrs.Serving.Grains.Personalization;
using OpenMrs.Serving.Grains.State;
using OpenMrs.Serving.Tests.Fixtures;

namespace OpenMrs.Serving.Tests.Personal;

/// <summary>
/// The grain's per-event fold-in (kept normal equations, only the event's track re-weighted) against a fold-in from
/// scratch of the same state, after every event of a stream of every kind, and across a model swap.
/// </summary>
public sealed class UserFoldInTests
{
    private static readonly ListenKind[] Kinds =
        [ListenKind.Play, ListenKind.Play, ListenKind.Play, ListenKind.Skip, ListenKind.Like, ListenKind.Save, ListenKind.Dislike, ListenKind.Ban];

    [Theory]
    [InlineData("tfidf")]
    [InlineData("bm25")] // row-wide weighting: every event takes the whole-history path
    public void Per_event_updates_equal_a_fold_in_from_scratch_for_every_event_kind_and_across_a_model_swap(string weighting)
    {
        var options = new Dictionary<string, string>(PersonalModels.AlsOptions) { ["weighting"] = weighting };
        var first = new ModelPart("v1", PersonalModels.Trained("als", options: options));
        var second = new ModelPart("v2", PersonalModels.Trained("als", options: new Dictionary<string, string>(options) { ["factors"] = "12", ["alpha"] = "2" }));
        var tracks = PersonalModels.Stream.TracksOfGroup.SelectMany(g => g).Take(40).Append("track-the-model-never-saw").ToArray();
        var random = new Random(17);
        var state = new UserListeningState();
        var personal = first;
        FoldInSystem? system = null;
        var nonNull = 0;

        for (var n = 0; n < 160; n++)
        {
            if (n == 100) personal = second;
            var kind = Kinds[random.Next(Kinds.Length)];
            var track = tracks[random.Next(n < 20 ? 4 : tracks.Length)];
            var listen = new ListenEvent($"e-{n}", "u", track, new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(n), kind,
                kind is ListenKind.Play or ListenKind.Skip ? random.Next(1_000, 180_000) : null);
            Assert.True(state.Apply(listen));

            (var vector, system) = UserFoldIn.Compute(personal, state, system, [track]);
            var expected = UserFoldIn.Compute(personal, state);

            Assert.Equal(expected is null, vector is null);
            if (expected is null) continue;
            nonNull++;
            for (var f = 0; f < expected.Length; f++) Assert.Equal(expected[f], vector![f], 1e-4f);
        }
        Assert.True(nonNull > 100, $"only {nonNull} events left the user with a vector");
    }
}
