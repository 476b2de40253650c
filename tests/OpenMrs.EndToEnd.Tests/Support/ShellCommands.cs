using System.Text;
using System.Text.RegularExpressions;

namespace OpenMrs.EndToEnd.Tests.Support;

/// <summary>The shell commands of a Markdown file's <c>```bash</c> blocks, split into words as bash would.</summary>
public static partial class ShellCommands
{
    /// <summary>Every command of every <c>```bash</c> block of <paramref name="markdown"/>, in order.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> InBashBlocks(string markdown) =>
        [.. BashBlock().Matches(markdown).SelectMany(m => Parse(m.Groups[1].Value))];

    /// <summary>
    /// Splits shell text into commands and words for the simple commands the docs use: single and double quotes
    /// (across lines), backslash-newline continuations, <c>#</c> comments, and commands ended by a newline or <c>;</c>.
    /// Pipes, redirections and <c>&amp;&amp;</c> stay as words, so a test that meets one fails rather than guesses.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> Parse(string text)
    {
        var commands = new List<IReadOnlyList<string>>();
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        var quote = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var next = i + 1 < text.Length ? text[i + 1] : '\0';
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                else if (quote == '"' && c == '\\' && next is '"' or '\\' or '$') word.Append(text[++i]);
                else word.Append(c);
                continue;
            }
            switch (c)
            {
                case '\'' or '"': quote = c; inWord = true; break;
                case '\\' when next == '\n': i++; break;
                case '\\' when next != '\0': word.Append(text[++i]); inWord = true; break;
                case '#' when !inWord: while (i + 1 < text.Length && text[i + 1] != '\n') i++; break;
                case ' ' or '\t': EndWord(); break;
                case '\n' or ';': EndWord(); EndCommand(); break;
                default: word.Append(c); inWord = true; break;
            }
        }
        EndWord();
        EndCommand();
        return commands;

        void EndWord()
        {
            if (inWord) words.Add(word.ToString());
            word.Clear();
            inWord = false;
        }

        void EndCommand()
        {
            if (words.Count > 0) commands.Add([.. words]);
            words.Clear();
        }
    }

    [GeneratedRegex(@"```bash\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();
}
