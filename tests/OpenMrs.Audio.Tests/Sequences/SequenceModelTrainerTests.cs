using OpenMrs.Audio.Sequences;
using OpenMrs.Audio.Torch;
using OpenMrs.Recommender.Sequences;
using OpenMrs.Testing.Planted;
using static TorchSharp.torch;

namespace OpenMrs.Audio.Tests.Sequences;

public sealed class SequenceModelTrainerTests
{
    [Fact]
    public void The_managed_gru_forward_pass_matches_torchsharps()
    {
        TorchRuntime.EnsureInitialised();
        manual_seed(3);
        using var network = new SequenceNetwork(features: 13, hidden: 8, layers: 2);
        network.eval();
        var random = new Random(4);
        var steps = Enumerable.Range(0, 7).Select(_ => Enumerable.Range(0, 13).Select(_ => (float)(2 * random.NextDouble() - 1)).ToArray()).ToList();

        using var input = tensor(steps.SelectMany(s => s).ToArray(), [1, 7, 13]);
        using var output = network.call(input);
        var expected = output[0, 6].data<float>().ToArray();
        var actual = network.ToManaged().PredictNext(steps);

        Assert.Equal(13, actual.Length);
        for (var f = 0; f < 13; f++) Assert.Equal(expected[f], actual[f], 5);
    }

    [Fact]
    public void On_sessions_with_planted_tempo_and_key_drift_the_model_beats_repeating_the_last_track()
    {
        var sessions = DriftingSessions.Generate(400, seed: 21)
            .Select(s => (IReadOnlyList<double[]>)[.. s.Select(d => SequenceFeatures.Of(d, [], 0))]).ToList();

        var result = SequenceModelTrainer.Train(sessions, embeddingDimensions: 0, new SequenceTrainingOptions { MaxEpochs = 60, Patience = 6 });

        var model = result.Model;
        Assert.Equal((320, 80), (result.TrainSessions, result.ValidationSessions));
        Assert.True(model.ValidationMae < 0.6 * model.BaselineMae,
            $"validation MAE {model.ValidationMae:F3} against the repeat-last baseline's {model.BaselineMae:F3} after {result.Epochs} epochs");
        Assert.Equal(result.ValidationMae.Min(), model.ValidationMae, 6);

        // the prediction after C, G, D at 90, 96, 102 BPM is A at about 108 BPM
        var prefix = new[] { 0, 7, 2 }.Select((key, t) => model.Scaler.Transform(SequenceFeatures.Raw(90 + 6 * t, key, 1, 0.5, -18, 2000, 4000, 0.2, 0.05, 2, [], 0))).ToList();
        var raw = model.Scaler.InverseTransform(model.PredictNext(prefix)!);
        Assert.InRange(raw[0], 104, 112);
        var position = Math.Atan2(raw[2], raw[1]) / (2 * Math.PI) * 12;
        Assert.InRange((position + 12) % 12, 2.5, 3.5);
        Assert.True(result.StepsPerSecond > 0);
    }
}
