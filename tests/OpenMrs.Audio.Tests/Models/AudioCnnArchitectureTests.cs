using OpenMrs.Audio.Models;
using static TorchSharp.torch;

namespace OpenMrs.Audio.Tests.Models;

public sealed class AudioCnnArchitectureTests
{
    [Fact]
    public void Cnn_a_has_exactly_the_specified_layers()
    {
        using var model = new TemporalConvCnn(TemporalConvCnn.DefaultSpec());
        // 999 frames: conv 996 → pool4 249 → conv 246 → pool2 123 → conv 120 → pool4 30 → conv 27; 64 × 27 = 1728 flattened.
        var expected = new Dictionary<string, long[]>
        {
            ["features.conv1.weight"] = [32, 128, 4], ["features.conv2.weight"] = [64, 32, 4],
            ["features.conv3.weight"] = [64, 64, 4], ["features.conv4.weight"] = [64, 64, 4],
            ["dense.dense1.weight"] = [128, 1728], ["dense.dense2.weight"] = [32, 128], ["head.linear.weight"] = [32, 32],
        };
        var actual = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape);
        foreach (var (name, shape) in expected) Assert.Equal(shape, actual[name]);
        // 16,416 + 8,256 + 16,448 + 16,448 + 221,312 + 4,128 + 1,056
        Assert.Equal(284_064, model.parameters().Sum(p => p.numel()));
    }

    [Theory]
    [InlineData("cnn-a", 999, 128, 32)]
    [InlineData("cnn-c", 322, 96, 200)]
    [InlineData("cnn-m", 1292, 128, 128)]
    public void Each_architecture_embeds_and_predicts_with_the_right_shapes(string architecture, int frames, int mels, int dimension)
    {
        var spec = AudioCnnFactory.DefaultSpec(architecture);
        Assert.Equal((frames, mels, dimension), (spec.Frames, spec.MelBands, spec.EmbeddingDimension));
        using var model = AudioCnnFactory.Create(spec);
        model.eval();
        using var input = randn(2, mels, frames) * 10 - 40;
        using var embedding = model.Embed(input);
        using var output = model.call(input);
        Assert.Equal(new long[] { 2, dimension }, embedding.shape);
        Assert.Equal(new long[] { 2, spec.Outputs }, output.shape);
    }

    [Fact]
    public void Cnn_c_embeddings_are_unit_length()
    {
        using var model = new PatchCnn(PatchCnn.DefaultSpec());
        model.eval();
        using var embedding = model.Embed(randn(3, 96, 322) * 10 - 40);
        using var norms = embedding.norm(1);
        Assert.True(allclose(norms, ones(3), atol: 1e-5));
    }

    [Fact]
    public void Wrong_input_shapes_and_specs_are_argument_errors()
    {
        using var model = new TemporalConvCnn(TemporalConvCnn.DefaultSpec());
        Assert.Throws<ArgumentException>(() => model.Embed(zeros(1, 96, 999)));
        Assert.Throws<ArgumentException>(() => model.Embed(zeros(128, 999)));
        Assert.Throws<ArgumentException>(() => new TemporalConvCnn(TemporalConvCnn.DefaultSpec() with { Frames = 100 }));
        Assert.Throws<ArgumentException>(() => AudioCnnFactory.DefaultSpec("cnn-z"));
        Assert.Throws<ArgumentException>(() => new PatchCnn(PatchCnn.DefaultSpec() with { Outputs = 10 }));
    }
}
