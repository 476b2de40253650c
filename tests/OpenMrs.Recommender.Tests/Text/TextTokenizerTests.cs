using OpenMrs.Recommender.Text;

namespace OpenMrs.Recommender.Tests.Text;

public sealed class TextTokenizerTests
{
    [Theory]
    [InlineData("Café del Mar", "cafe|del|mar")]
    [InlineData("  SO WHAT?! (1959 take)  ", "so|what|1959|take")]
    [InlineData("Björk — Jóga", "bjork|joga")]
    [InlineData("Straße Œuvre", "strasse|oeuvre")]
    [InlineData("", "")]
    [InlineData("...", "")]
    public void Tokens_are_lower_case_words_without_diacritics(string text, string expected) =>
        Assert.Equal(expected, string.Join('|', TextTokenizer.Tokenize(text)));

    [Fact]
    public void Track_tokens_follow_field_order_and_skip_missing_fields()
    {
        var text = new TrackText("Blue in Green", "Miles Davis", Album: null, Tags: ["modal jazz", "1959"], Description: "Cool.");
        Assert.Equal("blue|in|green|miles|davis|modal|jazz|1959|cool", string.Join('|', text.Tokens()));
    }
}
