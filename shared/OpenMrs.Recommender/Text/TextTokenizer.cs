using System.Globalization;
using System.Text;

namespace OpenMrs.Recommender.Text;

/// <summary>
/// Splits text into lower-case word tokens: runs of letters or digits, with diacritics removed, so "Café del Mar" and
/// "cafe del mar" give the same tokens. The one tokenizer of every text encoder, so that fitting and encoding agree.
/// </summary>
public static class TextTokenizer
{
    public static IEnumerable<string> Tokenize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) yield break;
        var folded = Fold(text);
        var start = -1;
        for (var i = 0; i <= folded.Length; i++)
        {
            var inWord = i < folded.Length && char.IsLetterOrDigit(folded[i]);
            if (inWord && start < 0) start = i;
            else if (!inWord && start >= 0)
            {
                yield return folded[start..i];
                start = -1;
            }
        }
    }

    private static string Fold(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
                builder.Append(char.ToLowerInvariant(c));
        return builder.ToString();
    }
}
