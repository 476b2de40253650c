using OpenMrs.Audio.Models;
using OpenMrs.Audio.Training;
using OpenMrs.Testing.Planted;

namespace OpenMrs.Audio.Tests.Training;

/// <summary>
/// The CNN trained from log-mel to planted genre factors ranks held-out tracks for the right users far above random
/// (mean AUC), with both heads; the same CNN with its random weights does not.
/// </summary>
public sealed class FactorFitterTests
{
    private const int Factors = 8;

    [Fact]
    public void Cnn_a_with_the_tanh_head_learns_factors_that_rank_held_out_tracks_for_the_right_users()
    {
        var spec = TemporalConvCnn.DefaultSpec(AudioHeadKind.TanhRegression, Factors) with { MelBands = 32, Frames = 172 };
        var (random, trained, fit) = RandomAndTrainedAuc(spec, seconds: 4.2,
            new FactorFitOptions { Training = AudioTrainingOptions.For(spec.Architecture) with { Epochs = 30 }, Patience = 6 });

        Assert.True(trained > 0.9, $"trained AUC {trained:F3} (random weights {random:F3}), fit {fit}");
        Assert.True(random < 0.75, $"random-weight AUC {random:F3}");
        Assert.True(fit.ValidationCosine > 0.5 && fit.BestEpoch >= 1 && fit.ValidationTracks > 0, fit.ToString());
    }

    [Fact]
    public void Cnn_c_with_the_cosine_head_learns_factors_that_rank_held_out_tracks_for_the_right_users()
    {
        var spec = PatchCnn.DefaultSpec(AudioHeadKind.Cosine) with { MelBands = 32, Frames = 260, EmbeddingDimension = Factors, Outputs = Factors };
        var (random, trained, fit) = RandomAndTrainedAuc(spec, seconds: 6.2,
            new FactorFitOptions { Training = AudioTrainingOptions.For(spec.Architecture) with { Epochs = 20, BatchSize = 16 }, Patience = 5 });

        Assert.True(trained > 0.9, $"trained AUC {trained:F3} (random weights {random:F3}), fit {fit}");
        Assert.True(random < 0.75, $"random-weight AUC {random:F3}");
    }

    [Fact]
    public void Early_stopping_keeps_the_best_validation_epoch()
    {
        var spec = TemporalConvCnn.DefaultSpec(AudioHeadKind.TanhRegression, Factors) with { MelBands = 32, Frames = 172 };
        var genres = new PlantedGenres(Factors, seed: 9);
        // Factors unrelated to the audio: validation loss cannot keep improving, so training stops early.
        var tracks = Enumerable.Range(0, 24).Select(i => new FactorTrack($"t{i}", genres.Audio(i % 4, 4.2), genres.FactorsOf(i % 3, noise: 1))).ToList();
        using var data = FactorDataset.Build(spec, tracks);
        using var model = AudioEmbedder.CreateSeeded(spec, seed: 1);

        var fit = FactorFitter.Fit(model, data, new FactorFitOptions { Training = AudioTrainingOptions.For(spec.Architecture) with { Epochs = 60, BatchSize = 8 }, Patience = 3, ValidationFraction = 0.25 });

        Assert.True(fit.StoppedEarly && fit.EpochsRun < 60, fit.ToString());
        Assert.Equal(fit.EpochsRun - 3, fit.BestEpoch);
        Assert.Equal(fit.ValidationLosses.Min(), fit.ValidationLoss, 5);
        Assert.Equal((18, 6), (fit.TrainTracks, fit.ValidationTracks));
    }

    [Fact]
    public void Bad_inputs_are_argument_errors()
    {
        var spec = TemporalConvCnn.DefaultSpec(AudioHeadKind.TanhRegression, Factors) with { MelBands = 32, Frames = 172 };
        Assert.Throws<ArgumentException>(() => FactorDataset.Build(spec, []));
        Assert.Throws<ArgumentException>(() => FactorDataset.Build(spec, [new FactorTrack("t", new float[1000], new float[Factors - 1])]));
        Assert.Throws<ArgumentException>(() => FactorDataset.Build(spec, [new FactorTrack("t", [], new float[Factors])]));
        using var one = FactorDataset.Build(spec, [new FactorTrack("t", new float[1000], new float[Factors])]);
        using var model = AudioEmbedder.CreateSeeded(spec, seed: 1);
        Assert.Throws<ArgumentException>(() => FactorFitter.Fit(model, one));
    }

    private static (double Random, double Trained, FactorFitResult Fit) RandomAndTrainedAuc(AudioCnnSpec spec, double seconds, FactorFitOptions options)
    {
        var genres = new PlantedGenres(Factors, seed: 3);
        var trainGenres = Enumerable.Range(0, 64).Select(i => i % PlantedGenres.Genres).ToArray();
        var heldOutGenres = Enumerable.Range(0, 32).Select(i => i % PlantedGenres.Genres).ToArray();
        var userGenres = Enumerable.Range(0, 20).Select(i => i % PlantedGenres.Genres).ToArray();
        var train = trainGenres.Select((g, i) => new FactorTrack($"train-{i}", genres.Audio(g, seconds), genres.FactorsOf(g))).ToList();
        var heldOut = heldOutGenres.Select((g, i) => new FactorTrack($"test-{i}", genres.Audio(g, seconds), genres.FactorsOf(g))).ToList();
        var users = userGenres.Select(g => genres.FactorsOf(g)).ToArray();

        using var trainData = FactorDataset.Build(spec, train);
        using var testData = FactorDataset.Build(spec, heldOut);
        using var model = AudioEmbedder.CreateSeeded(spec, seed: 7);
        var random = PlantedGenres.MeanAuc(testData.PredictPerTrack(model).Select(p => p!).ToArray(), heldOutGenres, users, userGenres);
        var fit = FactorFitter.Fit(model, trainData, options);
        var trained = PlantedGenres.MeanAuc(testData.PredictPerTrack(model).Select(p => p!).ToArray(), heldOutGenres, users, userGenres);
        return (random, trained, fit);
    }
}
