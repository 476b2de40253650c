namespace OpenMrs.AllInOne.Composition;

/// <summary>Turns the host's flags into configuration switches: <c>--no-demo</c> becomes <c>Demo:Enabled=false</c>.</summary>
public static class CommandLine
{
    public static string[] Normalize(string[] args) =>
        [.. args.Select(a => a == "--no-demo" ? "--Demo:Enabled=false" : a)];
}
