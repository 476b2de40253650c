using System.Text;

namespace OpenMrs.Recommender.Text;

/// <summary>
/// Splits text into lower-case word tokens: runs of letters or digits, with the common Latin diacritics removed, so
/// "Café del Mar" and "cafe del mar" give the same tokens. The one tokenizer of every text encoder, so that fitting
/// and encoding agree.
/// </summary>
public static class TextTokenizer
{
    // A table rather than Unicode decomposition: the services run with invariant globalization, where
    // string.Normalize leaves accented letters as they are.
    private const string Accented = "ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖØòóôõöøÙÚÛÜùúûüÝýÿĀāĂăĄąĆćČčĎďĒēĘęĚěĞğĪīİıŁłŃńŇňŌōŐőŘřŚśŞşŠšŢţŤťŪūŮůŰűŹźŻżŽž";
    private const string Plain = "AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOOooooooUUUUuuuuYyyAaAaAaCcCcDdEeEeEeGgIiIiLlNnNnOoOoRrSsSsSsTtTtUuUuUuZzZzZz";

    public static IEnumerable<string> Tokenize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) yield break;
        var word = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                Append(word, c);
                continue;
            }
            if (word.Length == 0) continue;
            yield return word.ToString();
            word.Clear();
        }
        if (word.Length > 0) yield return word.ToString();
    }

    private static void Append(StringBuilder word, char c)
    {
        switch (c)
        {
            case 'ß': word.Append("ss"); return;
            case 'æ' or 'Æ': word.Append("ae"); return;
            case 'œ' or 'Œ': word.Append("oe"); return;
        }
        var at = Accented.IndexOf(c);
        word.Append(char.ToLowerInvariant(at >= 0 ? Plain[at] : c));
    }
}
