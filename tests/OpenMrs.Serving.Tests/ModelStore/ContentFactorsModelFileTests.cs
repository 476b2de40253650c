using OpenMrs.ModelStore.Formats;
using OpenMrs.ModelStore.Store;
using OpenMrs.Recommender.Content;
using OpenMrs.Recommender.Text;

namespace OpenMrs.Serving.Tests.ModelStore;

/// <summary>The content-factors file keeps the text encoder and every weight, so a read model predicts exactly as the written one.</summary>
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
