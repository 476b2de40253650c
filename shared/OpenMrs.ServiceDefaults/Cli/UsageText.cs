using System.Text;

namespace OpenMrs.ServiceDefaults.Cli;

/// <summary>Formats the usage of an <see cref="EntryPoint"/> and of one <see cref="Verb"/>, wrapping synopses at <see cref="Width"/> columns.</summary>
internal static class UsageText
{
    public const int Width = 110;
    private const string PathRule = "Relative paths are taken from the folder the command is run from.";

    public static string ForEntryPoint(EntryPoint entry)
    {
        var text = new StringBuilder().AppendLine(entry.Summary).AppendLine().AppendLine("usage:");
        var command = entry.VerbOption is { } option ? $"{option} NAME" : "COMMAND";
        if (entry.Service is not null) text.AppendLine($"  {entry.Invocation} [{EntryPoint.ServeVerb}] [--Section:Key=value ...]");
        if (entry.Verbs.Count > 0)
        {
            text.AppendLine($"  {entry.Invocation} {command} [options]");
            text.AppendLine($"  {entry.Invocation} {command} --help");
        }

        if (entry.Service is { } service)
        {
            text.AppendLine();
            AppendWrapped(text, $"service (no command, or {EntryPoint.ServeVerb}): {service.Summary}", "  ");
            var options = service.Options.Append(new OptionHelp("--Section:Key=value", "any configuration key; also the environment variable Section__Key"));
            AppendTable(text, options.Select(o => (o.Syntax, o.Meaning)).ToList());
        }

        if (entry.Verbs.Count > 0)
        {
            text.AppendLine().AppendLine(entry.VerbOption is null ? "commands:" : $"commands ({command}):");
            var width = entry.Verbs.Max(v => v.Name.Length) + 2;
            foreach (var verb in entry.Verbs)
            {
                var indent = new string(' ', 2 + width);
                AppendWrapped(text, verb.Summary, indent, $"  {verb.Name.PadRight(width)}");
                if (verb.Options.Length > 0) AppendWrapped(text, verb.Options, indent, indent);
            }
        }
        return text.AppendLine().AppendLine($"-h, --help prints this. {PathRule}").ToString();
    }

    public static string ForVerb(EntryPoint entry, Verb verb)
    {
        var text = new StringBuilder().AppendLine(verb.Summary).AppendLine();
        var name = entry.VerbOption is { } option ? $"{option} {verb.Name}" : verb.Name;
        AppendWrapped(text, $"{entry.Invocation} {name} {verb.Options}".TrimEnd(), "    ", "usage: ");
        if (verb.Details is { } details) text.AppendLine().AppendLine(details.TrimEnd());
        return text.AppendLine().AppendLine(PathRule).ToString();
    }

    private static void AppendTable(StringBuilder text, IReadOnlyList<(string Left, string Right)> rows)
    {
        var width = rows.Max(r => r.Left.Length) + 2;
        foreach (var (left, right) in rows) text.AppendLine($"  {left.PadRight(width)}{right}");
    }

    /// <summary>Greedy wrap of a synopsis; a bracketed group (<c>[--k 10,50]</c>) and an option with its value
    /// (<c>--store DIR</c>) are never split.</summary>
    private static void AppendWrapped(StringBuilder text, string synopsis, string indent, string first = "")
    {
        var line = new StringBuilder(first);
        var hasToken = false;
        foreach (var token in Tokens(synopsis))
        {
            if (hasToken && line.Length + 1 + token.Length > Width)
            {
                text.AppendLine(line.ToString());
                line.Clear().Append(indent);
                hasToken = false;
            }
            if (hasToken) line.Append(' ');
            line.Append(token);
            hasToken = true;
        }
        text.AppendLine(line.ToString());
    }

    private static IEnumerable<string> Tokens(string synopsis)
    {
        string? option = null;
        foreach (var word in Words(synopsis))
        {
            if (option is not null && !word.StartsWith('-') && !word.StartsWith('['))
            {
                yield return $"{option} {word}";
                option = null;
                continue;
            }
            if (option is not null) yield return option;
            option = word.StartsWith("--") ? word : null;
            if (option is null) yield return word;
        }
        if (option is not null) yield return option;
    }

    private static IEnumerable<string> Words(string synopsis)
    {
        var depth = 0;
        var token = new StringBuilder();
        foreach (var c in synopsis)
        {
            depth = Math.Max(0, depth + c switch { '[' => 1, ']' => -1, _ => 0 });
            if (c == ' ' && depth == 0)
            {
                if (token.Length > 0) yield return token.ToString();
                token.Clear();
            }
            else token.Append(c);
        }
        if (token.Length > 0) yield return token.ToString();
    }
}
