using OpenMrs.Audio.ContentToFactors;

namespace OpenMrs.Audio.Tests.ContentToFactors;

/// <summary>Serving evaluates the trained MLP without TorchSharp; its forward pass must be TorchSharp's.</summary>
public sealed class ManagedForwardPassTests
{
    [Fact]
    public void The_managed_forward_pass_equals_torchsharps_on_the_trained_weights()
    {
        var random = new Random(5);
        float[][] inputs = [.. Enumerable.Range(0, 60).Select(_ => Enumerable.Range(0, 24).Select(_ => (float)random.NextDouble() - 0.5f).ToArray())];
        float[][] targets = [.. inputs.Select(x => new[] { x[0] + x[1], x[2] - x[3], x[4] * 2, 0.1f, x[5] })];
        var options = new ContentToFactorsOptions { HiddenLayers = [16, 8], MaxEpochs = 5, BatchSize = 16 };
        ContentToFactorsNetwork? torchNetwork = null;

        var (managed, history) = ContentToFactorsTrainer.Train(inputs, targets, options, n => torchNetwork = n);
        using var network = torchNetwork!;
        // The last epoch's weights are the torch network's; the best epoch's are the managed one's. Compare like with like.
        var last = network.ToManaged();
        var expected = network.Predict(inputs);

        Assert.Equal(5, history.Epochs);
        Assert.Equal([24, 16, 8], last.Layers.Select(l => l.Inputs));
        for (var r = 0; r < inputs.Length; r++)
        {
            var actual = last.Forward(inputs[r]);
            Assert.Equal(expected[r].Length, actual.Length);
            for (var i = 0; i < actual.Length; i++) Assert.Equal(expected[r][i], actual[i], 1e-5f);
            Assert.Equal(1f, MathF.Sqrt(actual.Sum(v => v * v)), 1e-5f);
        }
        Assert.Equal(5, managed.Outputs);
    }

    [Fact]
    public void Training_refuses_zero_targets_and_a_single_example_with_a_clear_message()
    {
        var options = new ContentToFactorsOptions { HiddenLayers = [4], MaxEpochs = 1 };
        var one = Assert.Throws<ArgumentException>(() => ContentToFactorsTrainer.Train([[1f, 2f]], [[1f]], options));
        Assert.Contains("at least two tracks", one.Message);
        var zero = Assert.Throws<ArgumentException>(() => ContentToFactorsTrainer.Train([[1f, 2f], [3f, 4f]], [[0f, 0f], [1f, 0f]], options));
        Assert.Contains("zero or not finite", zero.Message);
    }
}
