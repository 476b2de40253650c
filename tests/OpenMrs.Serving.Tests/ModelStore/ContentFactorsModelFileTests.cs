using OpenMrs.ModelStore.Formats;
using OpenMrs.ModelStore.Store;
using OpenMrs.Recommender.Content;
using OpenMrs.Recommender.Text;

namespace OpenMrs.Serving.Tests.ModelStore;

/// <summary>
/// The content-factors file keeps the text encoder, the architecture and every weight, so a read model predicts exactly as
/// the written one; format-1 files (before the architecture field) still load, and an unknown format version is refused.
/// </summary>
public sealed class ContentFactorsModelFileTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "openmrs-store-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    public static ContentFactorsModel SmallModel()
    {
        var text = TfIdfTextEncoder.Fit([new("Blue Moon", "Ella"), new("Blue Sky", "Nina"), new("Red Moon", "Ella")],
            new TfIdfOptions(MinDocumentFrequency: 1, MaxDocumentFraction: 1));
        var random = new Random(3);
        float[] Draw(int n) => [.. Enumerable.Range(0, n).Select(_ => (float)random.NextDouble() - 0.5f)];
        var inputs = 3 + text.Dimension;
        return new ContentFactorsModel(3, text, new DenseNetwork([
            new DenseLayer(inputs, 5, Draw(inputs * 5), Draw(5), Relu: true),
            new DenseLayer(5, 4, Draw(20), Draw(4), Relu: false),
        ]));
    }

    [Fact]
    public async Task A_content_factors_model_round_trips_through_the_store_and_predicts_the_same()
    {
        var store = new FileSystemModelStore(_root);
        var written = SmallModel();

        var manifest = await ContentFactorsModelFile.PublishAsync(store, written, new Dictionary<string, double> { ["map@500"] = 0.5 }, null, CancellationToken.None);
        var read = ContentFactorsModelFile.Load(store, manifest.Version);

        Assert.Equal(ContentFactorsModel.Kind, manifest.Kind);
        Assert.Equal(TfIdfTextEncoder.KindName, read.Text.Name);
        Assert.Equal(((TfIdfTextEncoder)written.Text).Words, ((TfIdfTextEncoder)read.Text).Words);
        var track = new TrackText("Blue Moon", "Ella");
        Assert.Equal(written.Predict([0.3f, -1f, 2f], track), read.Predict([0.3f, -1f, 2f], track));
        Assert.Equal(written.Predict([], track), read.Predict([], track));
        Assert.Equal(4, read.Factors);
    }

    private static ContentFactorsModel BranchedModel(ITextEncoder text)
    {
        var random = new Random(4);
        float[] Draw(int n) => [.. Enumerable.Range(0, n).Select(_ => (float)random.NextDouble() - 0.5f)];
        var audio = new DenseNetwork(3, []);
        var textBranch = new DenseNetwork(text.Dimension, [new DenseLayer(text.Dimension, 4, Draw(text.Dimension * 4), Draw(4), Relu: true)]);
        var joint = new DenseNetwork([new DenseLayer(3 + 4 + 2, 6, Draw(54), Draw(6), Relu: true), new DenseLayer(6, 4, Draw(24), Draw(4), Relu: false)]);
        return new ContentFactorsModel(3, text, new BranchedNetwork(audio, textBranch, joint));
    }

    public static TheoryData<string> Encoders => [TfIdfTextEncoder.KindName, Word2VecTextEncoder.Kind];

    [Theory]
    [MemberData(nameof(Encoders))]
    public void A_branched_model_round_trips_with_either_text_encoder_and_predicts_the_same_with_or_without_each_branch(string encoder)
    {
        TrackText[] texts = [new("blue moon river", "ella", Tags: ["jazz blue"]), new("blue sky river", "nina", Tags: ["jazz"]), new("red moon", "ella", Tags: ["rock red"])];
        ITextEncoder text = encoder == Word2VecTextEncoder.Kind
            ? Word2VecTextEncoder.Fit(texts, new Word2VecOptions { Dimensions = 5, MinCount = 1, Epochs = 2 })
            : SmallModel().Text;
        var written = BranchedModel(text);
        using var buffer = new MemoryStream();

        ContentFactorsModelFile.Write(buffer, written);
        buffer.Position = 0;
        var read = ContentFactorsModelFile.Read(buffer);

        Assert.Equal((BranchedNetwork.BranchedArchitecture, encoder), (read.Network.Architecture, read.Text.Name));
        foreach (var (audio, track) in new (float[], TrackText?)[] { ([0.3f, -1f, 2f], texts[0]), ([], texts[1]), ([0.5f, 0.1f, 0f], null) })
            Assert.Equal(written.Predict(audio, track), read.Predict(audio, track));
    }

    [Fact]
    public void A_format_1_file_still_loads_as_a_joint_network_and_an_unknown_version_or_architecture_is_refused()
    {
        var model = SmallModel();
        using var buffer = new MemoryStream();
        ContentFactorsModelFile.Write(buffer, model);
        var current = buffer.ToArray();
        // Format 1 is format 2 without the architecture string that follows the text encoder.
        var architecture = IndexOf(current, [5, .. "joint"u8.ToArray()]);
        byte[] old = [.. current[..architecture], .. current[(architecture + 6)..]];
        var versionAt = IndexOf(current, "OMRSMODL"u8.ToArray()) + 8;
        old[versionAt] = 1;

        var read = ContentFactorsModelFile.Read(new MemoryStream(old));
        Assert.Equal(DenseNetwork.JointArchitecture, read.Network.Architecture);
        var track = new TrackText("Blue Moon", "Ella");
        Assert.Equal(model.Predict([0.3f, -1f, 2f], track), read.Predict([0.3f, -1f, 2f], track));

        var future = current.ToArray();
        future[versionAt] = 3;
        Assert.Equal("'content-factors' format version 3 is not supported (this build reads 1 to 2)",
            Assert.Throws<ModelFormatException>(() => ContentFactorsModelFile.Read(new MemoryStream(future))).Message);
        var unknown = current.ToArray();
        unknown[architecture + 1] = (byte)'k';
        Assert.Contains("unknown architecture 'koint'", Assert.Throws<ModelFormatException>(() => ContentFactorsModelFile.Read(new MemoryStream(unknown))).Message);
    }

    [Fact]
    public void A_truncated_file_or_an_unknown_encoder_is_a_model_format_error()
    {
        using var buffer = new MemoryStream();
        ContentFactorsModelFile.Write(buffer, SmallModel());
        var bytes = buffer.ToArray();

        var truncated = Assert.Throws<ModelFormatException>(() => ContentFactorsModelFile.Read(new MemoryStream(bytes[..^7])));
        Assert.Contains("truncated", truncated.Message);

        var renamed = bytes.ToArray();
        var at = IndexOf(renamed, "tfidf"u8.ToArray());
        renamed[at] = (byte)'x';
        Assert.Contains("unknown text encoder 'xfidf'", Assert.Throws<ModelFormatException>(() => ContentFactorsModelFile.Read(new MemoryStream(renamed))).Message);
    }

    private static int IndexOf(byte[] haystack, byte[] needle) =>
        Enumerable.Range(0, haystack.Length - needle.Length).First(i => haystack.AsSpan(i, needle.Length).SequenceEqual(needle));
}
