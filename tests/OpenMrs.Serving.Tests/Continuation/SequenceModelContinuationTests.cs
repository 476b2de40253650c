using Microsoft.Extensions.Options;
using OpenMrs.Audio.Sequences;
using OpenMrs.Contracts.Events;
using OpenMrs.ModelStore.Formats;
using OpenMrs.Recommender.Sequences;
using OpenMrs.Serving.Grains.Content;
using OpenMrs.Serving.Grains.Continuation;
using OpenMrs.Serving.Grains.Hosting;
using OpenMrs.Serving.Grains.Models;
using OpenMrs.Testing.Planted;

namespace OpenMrs.Serving.Tests.Continuation;

/// <summary>
/// The continuation with a sequence model trained on planted-drift sessions (tempo +6 BPM and one fifth per track),
/// written and read back through <see cref="SequenceModelFile"/>, over 80 popular candidates with random keys and tempos.
/// </summary>
public sealed class SequenceModelContinuationTests
{
    private static readonly Lazy<SequenceModel> Trained = new(() =>
    {
        var sessions = DriftingSessions.Generate(300, seed: 8).Select(s => (IReadOnlyList<double[]>)[.. s.Select(d => SequenceFeatures.Of(d, [], 0))]).ToList();
        var model = SequenceModelTrainer.Train(sessions, 0, new SequenceTrainingOptions { MaxEpochs = 40, Patience = 5 }).Model;
        using var file = new MemoryStream();
        SequenceModelFile.Write(file, model);
        file.Position = 0;
        return SequenceModelFile.Read(file);
    });

    [Fact]
    public void The_file_keeps_the_scaler_the_network_and_the_validation_figures()
    {
        var model = Trained.Value;
        Assert.Equal(SequenceFeatures.DescriptorCount, model.Features);
        Assert.True(model.ValidationMae < model.BaselineMae, $"validation MAE {model.ValidationMae:F3}, repeat-last {model.BaselineMae:F3}");
        using var truncated = new MemoryStream();
        SequenceModelFile.Write(truncated, model);
        truncated.SetLength(truncated.Length / 2);
        truncated.Position = 0;
        Assert.Throws<OpenMrs.ModelStore.Store.ModelFormatException>(() => SequenceModelFile.Read(truncated));
    }

    [Fact]
    public void A_continuation_with_the_sequence_model_is_smoother_in_key_and_tempo_than_random_orders()
    {
        var store = new TrackDescriptorStore();
        var random = new Random(12);
        var candidates = Enumerable.Range(0, 80).Select(i => $"t{i}").ToList();
        foreach (var id in candidates)
            store.Upsert(id, new TrackDescriptors(200, -15, -15, TempoBpm: 70 + 100 * random.NextDouble(), Key: random.Next(12), Mode: 1,
                Energy: random.NextDouble(), SpectralCentroidHz: 1000 + 2000 * random.NextDouble()));
        string[] seeds = ["s0", "s1", "s2"];
        foreach (var (id, t) in seeds.Select((id, t) => (id, t)))
            store.Upsert(id, new TrackDescriptors(200, -15, -15, TempoBpm: 90 + 6 * t, Key: 7 * t % 12, Mode: 1, Energy: 0.5, SpectralCentroidHz: 2000));
        var models = new CurrentModelHolder();
        models.TryUpdate(PopularityModel.Kind, "v1", _ => ServingModel.Empty(DateTimeOffset.UtcNow) with
        {
            PopularityVersion = "v1", Popularity = new PopularityModel(candidates.Select((id, rank) => new PopularTrack(id, 100 - rank, ""))),
        });
        var embeddings = new TrackEmbeddings();
        var predictors = new NextTrackPredictors(new RepeatLastTrackPredictor(new DescriptorScaling(store)), embeddings);
        Assert.True(predictors.TryUpdate("20260101", Trained.Value));
        var continuation = new PlaylistContinuation(models, store, predictors, Options.Create(new ServingOptions()));

        var list = continuation.Continue(seeds, 20);

        Assert.Equal("sequence@20260101", list.Predictor);
        Assert.Equal(20, list.Items.Select(i => i.TrackId).Distinct().Count());
        double Smoothness(IEnumerable<string> order) => TransitionSmoothness.Of(store, seeds[^1], order);
        var chosen = Smoothness(list.Items.Select(i => i.TrackId));
        var shuffled = Enumerable.Range(0, 50).Average(_ => Smoothness(list.Items.Select(i => i.TrackId).OrderBy(_ => random.Next())));
        Assert.True(chosen > shuffled + 0.5, $"mean keysim + temposim per step: chosen {chosen:F2}, random orders {shuffled:F2}");
        Assert.False(predictors.TryUpdate("20250101", Trained.Value)); // an older version never replaces a newer one
    }
}
