using Microsoft.Extensions.DependencyInjection;
using OpenMrs.Contracts;
using OpenMrs.Contracts.Events;
using OpenMrs.ModelStore.Formats;
using OpenMrs.Recommender.Content;
using OpenMrs.Recommender.Text;
using OpenMrs.Serving.GrainInterfaces.Users;
using OpenMrs.Serving.Grains.Content;
using OpenMrs.Serving.Grains.Models;
using OpenMrs.Serving.Grains.Ranking.Candidates.ColdStart;
using OpenMrs.Serving.Tests.Fixtures;
using OpenMrs.Testing;
using OpenMrs.Testing.Planted;

namespace OpenMrs.Serving.Tests.ColdStart;

/// <summary>
/// Cold start through the serving pipeline: tracks with no listens, announced on <c>tracks</c> with the words of one
/// taste group, reach that group's listeners (and no other group's) once a content-factors model is loaded. The content
/// model here is built with a known right answer: its one linear layer maps each group's tag to the mean unit item
/// factor of that group's tracks in the served WALS model (the trained network's quality is tested in the Audio tests).
/// </summary>
[Collection(PersonalServingHostCollection.Name)]
public sealed class ContentColdStartTests(ServingHostFixture host) : IAsyncLifetime
{
    private static readonly PlantedListenStream Stream = PersonalModels.Stream;
    private const int ColdPerGroup = 3;

    /// <summary>A cold track whose text has no word the content model knows, and no audio.</summary>
    private const string NoEvidenceId = "cold-no-evidence";

    public async Task InitializeAsync()
    {
        await PersonalModels.PublishPlantedAsync(host);
        if (host.CurrentModel.Current?.Content is not null) return;
        foreach (var (group, n) in ColdTracks())
            await host.Publisher.PublishAsync(Topics.Tracks, ColdId(group, n),
                new TrackUpsert(ColdId(group, n), $"new song {n}", "a new artist", Tags: [$"group{group}"]));
        await host.Publisher.PublishAsync(Topics.Tracks, NoEvidenceId, new TrackUpsert(NoEvidenceId, "x", "y"));
        var texts = host.Services.GetRequiredService<TrackTexts>();
        await Eventually.WaitForAsync(() => Task.FromResult(ColdTracks().Count(t => texts.Find(ColdId(t.Group, t.N)) is not null) + (texts.Find(NoEvidenceId) is null ? 0 : 1)),
            found => found == Stream.Groups * ColdPerGroup + 1);
        var manifest = await ContentFactorsModelFile.PublishAsync(host.ModelStore, TagToGroupFactor(host.CurrentModel.Current!.Personal!), null, null, CancellationToken.None);
        host.Services.GetRequiredService<ModelLoader>().Load(manifest.Kind, manifest.Version);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public async Task Tracks_without_listens_reach_the_users_of_the_taste_their_content_matches(int group)
    {
        var userId = $"cold-{group}-{Guid.NewGuid():N}";
        var grain = host.Grains.GetGrain<IUserGrain>(userId);
        var tracks = Stream.TracksOfGroup[group];
        await grain.ApplyBatchAsync([.. new[] { 1, 4, 6, 9 }.Select((t, minute) =>
            new ListenEvent($"{userId}-{minute}", userId, tracks[t], new DateTimeOffset(2026, 7, 2, 12, minute, 0, TimeSpan.Zero), ListenKind.Play, 180_000))]);

        var list = await grain.GetRecommendationsAsync(40);

        var cold = list.Items.Where(i => i.TrackId.StartsWith("cold-", StringComparison.Ordinal)).ToList();
        Assert.Equal([.. Enumerable.Range(0, ColdPerGroup).Select(n => ColdId(group, n))], cold.Select(i => i.TrackId).Order(StringComparer.Ordinal));
        Assert.All(cold, i => Assert.Equal(ContentCandidateGenerator.Reason, i.Reason));
        Assert.Contains($"+{ContentFactorsModel.Kind}-", list.ModelVersion);
    }

    [Fact]
    public void A_track_without_audio_and_without_a_known_word_is_not_predicted()
    {
        var model = host.CurrentModel.Current!;
        var cold = host.Services.GetRequiredService<ColdTrackFactors>().For(model.Content!, model.Personal!)!;

        Assert.DoesNotContain(NoEvidenceId, cold.TrackIds);
        Assert.Equal(Stream.Groups * ColdPerGroup, cold.TrackIds.Count(id => id.StartsWith("cold-g", StringComparison.Ordinal)));
    }

    private static IEnumerable<(int Group, int N)> ColdTracks() =>
        Enumerable.Range(0, Stream.Groups).SelectMany(g => Enumerable.Range(0, ColdPerGroup).Select(n => (g, n)));

    private static string ColdId(int group, int n) => $"cold-g{group}-{n}";

    /// <summary>TF-IDF over the group tags, then one linear layer whose column for "group{g}" is group g's mean unit item factor.</summary>
    private static ContentFactorsModel TagToGroupFactor(ModelPart personal)
    {
        var text = TfIdfTextEncoder.Fit(Enumerable.Range(0, Stream.Groups).Select(g => new TrackText("", "", Tags: [$"group{g}"])),
            new TfIdfOptions(MinDocumentFrequency: 1, MaxDocumentFraction: 1));
        var factors = personal.Model.Factors!.ItemFactors;
        var k = factors.Factors;
        var weights = new float[k * text.Dimension];
        for (var g = 0; g < Stream.Groups; g++)
        {
            var column = text.Words.ToList().IndexOf($"group{g}");
            foreach (var track in Stream.TracksOfGroup[g])
            {
                if (!personal.Model.Items.TryGetIndex(track, out var item)) continue;
                var row = factors.Row(item);
                var norm = MathF.Sqrt(row.ToArray().Sum(v => v * v));
                for (var o = 0; o < k; o++) weights[o * text.Dimension + column] += row[o] / norm;
            }
        }
        return new ContentFactorsModel(0, text, new DenseNetwork([new DenseLayer(text.Dimension, k, weights, new float[k], Relu: false)]));
    }
}
