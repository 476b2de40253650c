using OpenMrs.Audio.Models;
using OpenMrs.Audio.Spectrograms;
using static TorchSharp.torch;

namespace OpenMrs.Audio.Tests.Models;

/// <summary>Training on two synthetic classes (low vs high tone) lowers the loss and separates held-out clips.</summary>
public sealed class AudioCnnTrainerTests
{
    [Fact]
    public void Cnn_a_with_its_sgd_defaults_learns_to_classify_two_tones()
    {
        var spec = TemporalConvCnn.DefaultSpec(AudioHeadKind.Classification, outputs: 2) with { Frames = 200 };
        var (train, labels) = SyntheticAudio.LogMelDataset(spec.Spectrogram, spec.Frames, count: 50, seed: 1);
        var (test, testLabels) = SyntheticAudio.LogMelDataset(spec.Spectrogram, spec.Frames, count: 20, seed: 2);
        using var model = AudioEmbedder.CreateSeeded(spec, seed: 1);
        var options = AudioTrainingOptions.For(TemporalConvCnn.ArchitectureName) with { Epochs = 8 };
        Assert.Equal((AudioOptimiser.SgdMomentum, 0.05, 25), (options.Optimiser, options.LearningRate, options.BatchSize));
        using var trainer = new AudioCnnTrainer(model, options);

        var before = trainer.Evaluate(train, labels);
        trainer.Train(train, labels);
        var after = trainer.Evaluate(train, labels);

        Assert.True(after < before / 2, $"loss {before} → {after}");
        using var noGrad = no_grad();
        using var predicted = model.call(test).argmax(1);
        Assert.True(predicted.eq(testLabels).to(float32).mean().item<float>() >= 0.9f);
    }

    [Fact]
    public void Cnn_c_with_adam_and_the_cosine_loss_points_embeddings_at_their_class_targets()
    {
        var spec = PatchCnn.DefaultSpec() with { Frames = 260, EmbeddingDimension = 8, Outputs = 8 };
        var (train, labels) = SyntheticAudio.LogMelDataset(spec.Spectrogram, spec.Frames, count: 40, seed: 3);
        var directions = nn.functional.normalize(randn(2, 8, generator: new Generator(5)), p: 2, dim: 1);
        using var targets = directions.index_select(0, labels);
        using var model = AudioEmbedder.CreateSeeded(spec, seed: 2);
        using var trainer = new AudioCnnTrainer(model, AudioTrainingOptions.For(PatchCnn.ArchitectureName) with { Epochs = 15, BatchSize = 10 });

        var before = trainer.Evaluate(train, targets);
        trainer.Train(train, targets);
        var after = trainer.Evaluate(train, targets);

        Assert.True(after < before / 2 && after < 0.1, $"cosine loss {before} → {after}");
    }

    [Fact]
    public void The_default_model_with_a_tanh_regression_head_reduces_its_loss()
    {
        var spec = ShortChunkCnn.DefaultSpec(AudioHeadKind.TanhRegression, outputs: 2) with { Frames = 64 };
        var (train, labels) = SyntheticAudio.LogMelDataset(spec.Spectrogram, spec.Frames, count: 40, seed: 4);
        using var targets = stack([labels.to(float32) * 1.2f - 0.6f, 0.6f - labels.to(float32) * 1.2f], 1); // ±0.6 per class
        using var model = AudioEmbedder.CreateSeeded(spec, seed: 3);
        using var trainer = new AudioCnnTrainer(model, new AudioTrainingOptions { Epochs = 10, BatchSize = 10, LearningRate = 3e-3 });

        var before = trainer.Evaluate(train, targets);
        trainer.Train(train, targets);
        var after = trainer.Evaluate(train, targets);

        Assert.True(after < before / 2, $"mse {before} → {after}");
    }

    [Fact]
    public void Mismatched_data_is_an_argument_error()
    {
        using var model = new ShortChunkCnn(ShortChunkCnn.DefaultSpec() with { Frames = 32 });
        using var trainer = new AudioCnnTrainer(model);
        Assert.Throws<ArgumentException>(() => trainer.TrainEpoch(zeros(4, 128, 32), zeros(3, dtype: int64)));
        Assert.Throws<ArgumentException>(() => new AudioCnnTrainer(model, new AudioTrainingOptions { LearningRate = -1 }));
    }
}
