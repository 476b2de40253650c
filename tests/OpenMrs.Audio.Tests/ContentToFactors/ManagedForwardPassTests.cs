using OpenMrs.Audio.ContentToFactors;
using OpenMrs.Recommender.Content;

namespace OpenMrs.Audio.Tests.ContentToFactors;

/// <summary>Serving evaluates the trained networks (joint and branched) without TorchSharp; their forward pass must be TorchSharp's.</summary>
public sealed class ManagedForwardPassTests
{
    [Fact]
    public void The_managed_forward_pass_equals_torchsharps_on_the_trained_weights()
    {
        var random = new Random(5);
        float[][] inputs = [.. Enumerable.Range(0, 60).Select(_ => Enumerable.Range(0, 24).Select(_ => (float)random.NextDouble() - 0.5f).ToArray())];
        float[][] targets = [.. inputs.Select(x => new[] { x[0] + x[1], x[2] - x[3], x[4] * 2, 0.1f, x[5] })];
        var options = new ContentToFactorsOptions { Architecture = ContentArchitecture.Joint, HiddenLayers = [16, 8], MaxEpochs = 5, BatchSize = 16 };
        ContentNetworkModule? torchNetwork = null;

        var (managed, history) = ContentToFactorsTrainer.Train(inputs, targets, options, n => torchNetwork = n);
        using var network = torchNetwork!;
        // The last epoch's weights are the torch network's; the best epoch's are the managed one's. Compare like with like.
        var last = Assert.IsType<DenseNetwork>(network.ToManaged());
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

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public void The_managed_branched_forward_pass_equals_torchsharps_with_and_without_each_branch(int audioLayer)
    {
        var random = new Random(8);
        float[] Row(int n) => [.. Enumerable.Range(0, n).Select(_ => (float)random.NextDouble() - 0.5f)];
        // 10 audio values then 14 text values; every third row lacks its audio, every fifth its text.
        float[][] inputs = [.. Enumerable.Range(0, 60).Select(r =>
        {
            var row = Row(24);
            if (r % 3 == 0) Array.Clear(row, 0, 10);
            if (r % 5 == 0) Array.Clear(row, 10, 14);
            return row;
        })];
        float[][] targets = [.. inputs.Select(x => new[] { x[0] + x[11], x[2] - x[13], x[14] * 2, 0.1f, x[5] })];
        var options = new ContentToFactorsOptions
        {
            Architecture = ContentArchitecture.Branched, AudioLayers = audioLayer == 0 ? [] : [audioLayer], TextLayers = [12, 8], HiddenLayers = [16],
            MaxEpochs = 5, BatchSize = 16,
        };
        ContentNetworkModule? torchNetwork = null;

        ContentToFactorsTrainer.Train(inputs, targets, options, n => torchNetwork = n, audioDimension: 10);
        using var network = torchNetwork!;
        var last = Assert.IsType<BranchedNetwork>(network.ToManaged());
        var expected = network.Predict(inputs);

        Assert.Equal((10, 14, audioLayer == 0 ? 10 : audioLayer, 8), (last.Audio.Inputs, last.Text.Inputs, last.Audio.Outputs, last.Text.Outputs));
        Assert.Equal(last.Audio.Outputs + 8 + 2, last.Joint.Inputs);
        for (var r = 0; r < inputs.Length; r++)
        {
            var actual = last.Forward(inputs[r]);
            for (var i = 0; i < actual.Length; i++) Assert.Equal(expected[r][i], actual[i], 1e-5f);
            Assert.Equal(1f, MathF.Sqrt(actual.Sum(v => v * v)), 1e-5f);
        }
    }

    [Fact]
    public void The_branched_network_refuses_an_input_without_an_audio_part()
    {
        var options = new ContentToFactorsOptions { Architecture = ContentArchitecture.Branched, MaxEpochs = 1 };
        var error = Assert.Throws<ArgumentException>(() => ContentToFactorsTrainer.Train([[1f, 2f], [3f, 4f]], [[1f], [2f]], options));
        Assert.Contains("needs both audio and text", error.Message);
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
