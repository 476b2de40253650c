using OpenMrs.Recommender.Text;

namespace OpenMrs.Recommender.Tests.Text;

/// <summary>TF-IDF against values computed by hand from the definitions (sublinear tf, smooth idf, L2 norm).</summary>
public sealed class TfIdfTextEncoderTests
{
    private static readonly TrackText[] Corpus =
    [
        new("Blue Moon", "Ella", Tags: ["jazz"]),
        new("Blue Blue Sky", "Ella", Tags: ["jazz"]),
        new("Red Sky", "Nina", Tags: ["soul"]),
        new("Moon River", "Nina", Tags: ["soul"]),
    ];

    [Fact]
    public void Weights_are_sublinear_tf_times_smooth_idf_normalised()
    {
        var encoder = TfIdfTextEncoder.Fit(Corpus, new TfIdfOptions(MinDocumentFrequency: 1, MaxDocumentFraction: 1));
        var vector = encoder.Encode(new TrackText("Blue Blue Sky", "Ella"));

        // n = 4; df(blue) = 2, df(sky) = 2, df(ella) = 2: idf = ln(5/3) + 1 for each; tf(blue) = 1 + ln 2.
        var idf = Math.Log(5.0 / 3) + 1;
        var blue = (1 + Math.Log(2)) * idf;
        var sky = idf;
        var ella = idf;
        var norm = Math.Sqrt(blue * blue + sky * sky + ella * ella);
        Assert.Equal(blue / norm, vector[Column(encoder, "blue")], 5);
        Assert.Equal(sky / norm, vector[Column(encoder, "sky")], 5);
        Assert.Equal(ella / norm, vector[Column(encoder, "ella")], 5);
        Assert.Equal(0, vector[Column(encoder, "moon")]);
        Assert.Equal(encoder.Dimension, vector.Length);
    }

    [Fact]
    public void Document_frequency_limits_and_the_cap_shape_the_vocabulary()
    {
        var encoder = TfIdfTextEncoder.Fit(Corpus, new TfIdfOptions(MinDocumentFrequency: 2, MaxDocumentFraction: 0.5, MaxFeatures: 3));
        // df 2 words: blue, moon, sky, ella, nina, jazz, soul (river and red once); cap 3 keeps the first three in order.
        Assert.Equal(["blue", "ella", "jazz"], encoder.Words);
        Assert.All(encoder.Encode(new TrackText("River", "Unknown")), v => Assert.Equal(0, v));
    }

    [Fact]
    public void Bad_options_or_an_empty_vocabulary_give_one_clear_message()
    {
        Assert.Contains("minimum document frequency", Assert.Throws<ArgumentException>(() => TfIdfTextEncoder.Fit(Corpus, new TfIdfOptions(MinDocumentFrequency: 0))).Message);
        Assert.Contains("no word", Assert.Throws<ArgumentException>(() => TfIdfTextEncoder.Fit(Corpus, new TfIdfOptions(MinDocumentFrequency: 5))).Message);
    }

    private static int Column(TfIdfTextEncoder encoder, string word) => encoder.Words.ToList().IndexOf(word);
}
