using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpenMrs.EndToEnd.Tests.Hosting;
using OpenMrs.EndToEnd.Tests.Support;
using OpenMrs.ModelStore.Formats;
using OpenMrs.ModelStore.Store;
using OpenMrs.Testing.Planted;
using OpenMrs.Testing.TestAudio;

namespace OpenMrs.EndToEnd.Tests.Cli;

/// <summary>
/// Runs the offline commands of README.md's <c>```bash</c> blocks as printed, from the repository root, with small
/// generated inputs in place of the README's large or absent ones. The inputs are passed as paths relative to the
/// repository root, so a command that resolved them anywhere else (its project folder, as `dotnet run` of a Web SDK
/// project used to) fails here. The eval command goes through the real `dotnet run --project`; the others run their
/// built assembly (`dotnet NAME.dll`) to stay fast. A replay goes to an all-in-one host of its own on a free port.
/// </summary>
public sealed partial class ReadmeCommandTests : IDisposable
{
    private const int Users = 60;
    private const int SongsPerUser = 12;
    private const double ClickBpm = 100;

    /// <summary>
    /// README commands that start servers or the whole test run. They are covered elsewhere: infra/run.sh starts
    /// AllInOneApp, which Hosting/AllInOneHost starts for the Flow, Ingestion, Tracing and Faults tests; the curl
    /// examples are the endpoints those tests call; infra/test.sh is what runs this suite.
    /// </summary>
    private static readonly string[] ServerCommandPrefixes = ["bash infra/run.sh", "bash infra/test.sh", "curl "];

    private readonly string _root = RepositoryRoot.Find();
    private readonly string _scratch = Directory.CreateTempSubdirectory("openmrs-readme-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    public static TheoryData<string> OfflineCommands() => [.. ReadmeCommands().Where(c => c[0] == "dotnet").Select(c => string.Join(' ', c))];

    [Fact]
    public void Every_README_command_is_run_here_or_starts_a_server_that_other_tests_cover()
    {
        var commands = ReadmeCommands();
        Assert.NotEmpty(commands);
        foreach (var command in commands.Where(c => c[0] != "dotnet"))
        {
            var text = string.Join(' ', command);
            Assert.True(ServerCommandPrefixes.Any(text.StartsWith), $"README command without a test: {text}");
        }
    }

    [Theory]
    [MemberData(nameof(OfflineCommands))]
    public async Task README_command_works_from_the_repository_root(string command)
    {
        var words = ShellCommands.Parse(command).Single();
        var (project, args) = DotnetRun(words);
        switch (project, args[0])
        {
            case ("services/Training", "eval") when args.Contains("--train"): await SessionEval(words, args); break;
            case ("services/Training", "eval"): await Eval(words, args); break;
            case ("services/Training", "train"): await Train(project, args); break;
            case ("services/Training", "replay"): await Replay(project, args); break;
            case ("services/Features", "extract"): await Extract(project, args); break;
            case ("tests/benchmarks/OpenMrs.Benchmarks", "--bench"): await BenchmarkList(project, args); break;
            default: Assert.Fail($"no small-input plan for the README command `{command}`: add one to this test"); break;
        }
    }

    /// <summary>Through `dotnet run --project` itself: the path rule is the SDK's run working directory.</summary>
    private async Task Eval(IReadOnlyList<string> words, string[] args)
    {
        var data = Path.Combine(_scratch, Path.GetFileName(Value(args, "--data")));
        File.WriteAllLines(data, PlantedTasteListens());
        var json = Path.Combine(_scratch, Path.GetFileName(Value(args, "--json")));
        var html = Path.Combine(_scratch, Path.GetFileName(Value(args, "--html")));
        var replaced = new Dictionary<string, string> { ["--data"] = Relative(data), ["--json"] = Relative(json), ["--html"] = Relative(html) };

        var result = await DotnetRunAsync(words, replaced);

        Assert.True(result.ExitCode == 0, result.ToString());
        var report = JsonNode.Parse(File.ReadAllText(json))!;
        Assert.Equal(Relative(data), (string)report["dataset"]!["path"]!);
        Assert.Equal(Users, (int)report["dataset"]!["users"]!);
        Assert.Equal(Users * SongsPerUser, (long)report["dataset"]!["records"]!);
        Assert.Equal(Value(args, "--models").Split(','), report["models"]!.AsArray().Select(m => (string)m!["name"]!));
        Assert.Contains("<html", File.ReadAllText(html));
    }

    /// <summary>The README's `dotnet run` words with the named options' values replaced, run from the root without a build.</summary>
    private Task<CommandResult> DotnetRunAsync(IReadOnlyList<string> words, Dictionary<string, string> replaced)
    {
        List<string> run = [.. words.Skip(1).Select((w, i) => i > 0 && replaced.TryGetValue(words[i], out var path) ? path : w)];
        run[run.IndexOf("-c") + 1] = EntryAssembly.Configuration;
        run.Insert(1, "--no-build");
        return CommandProcess.RunAsync("dotnet", run, _root);
    }

    /// <summary>
    /// The next-track protocol through `dotnet run --project`: each --train file becomes a small session file of its
    /// own (walks a → a+1 → …, a few days apart), the last day is held out, and every listed model is scored.
    /// </summary>
    private async Task SessionEval(IReadOnlyList<string> words, string[] args)
    {
        var trainFiles = Value(args, "--train").Split(',');
        var written = trainFiles.Select((name, f) => Relative(WriteSessionFile(Path.Combine(_scratch, Path.GetFileName(name)), slice: f))).ToList();
        var json = Path.Combine(_scratch, Path.GetFileName(Value(args, "--json")));
        var replaced = new Dictionary<string, string> { ["--train"] = string.Join(',', written), ["--json"] = Relative(json) };

        var result = await DotnetRunAsync(words, replaced);

        Assert.True(result.ExitCode == 0, result.ToString());
        var report = JsonNode.Parse(File.ReadAllText(json))!;
        Assert.Contains("last 1 day(s)", (string)report["dataset"]!["split"]!);
        Assert.Equal(Value(args, "--models").Split(','), report["models"]!.AsArray().Select(m => (string)m!["name"]!));
        Assert.All(report["models"]!.AsArray(), m => Assert.True((long)m!["evaluated"]! > 0));
    }

    /// <summary>30Music layout: 40 sessions of 6 plays per slice, one session an hour, slices a week apart.</summary>
    private static string WriteSessionFile(string path, int slice)
    {
        var random = new Random(slice + 1);
        var lines = new List<string> { "UserId\tSessionId\tItemId\tTime\tArtistId" };
        for (var s = 0; s < 40; s++)
        {
            var start = random.Next(30);
            for (var i = 0; i < 6; i++)
                lines.Add($"{s % 9}\t{slice}-{s}\t{(start + i) % 30}\t{1_400_000_000 + slice * 604_800 + s * 3_600 + i * 200}\t1");
        }
        File.WriteAllLines(path, lines);
        return path;
    }

    /// <summary>A planted listening file in the command's format, trained into a scratch store that an all-in-one host then serves.</summary>
    private async Task Train(string project, string[] args)
    {
        Assert.Equal("30music", Value(args, "--format"));
        var data = Path.Combine(_scratch, "history.txt");
        PlantedListeningFile.WriteThirtyMusic(new PlantedListenStream(users: 120, listensPerUser: 24), data);
        var store = Path.Combine(_scratch, "store");
        var json = Path.Combine(_scratch, Path.GetFileName(Value(args, "--json")));
        var replaced = new Dictionary<string, string> { ["--data"] = Relative(data), ["--store"] = Relative(store), ["--json"] = Relative(json), ["--html"] = Relative(json + ".html") };

        var result = await CommandProcess.RunEntryAsync(project, [.. args.Select((a, i) => i > 0 && replaced.TryGetValue(args[i - 1], out var path) ? path : a)]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var als = JsonNode.Parse(File.ReadAllText(json))!["models"]!.AsArray().Single(m => (string)m!["name"]! == "als")!;
        Assert.True((string)als["outcome"]! == "published", (string)als["decision"]!);
        var version = (string)als["version"]!;
        Assert.Equal(120, TrainedModelFile.Load(new FileSystemModelStore(store), "als", version).Users.Count);

        // Serving started on that store ranks with the trained version from its first request.
        await using var host = await AllInOneHost.StartAsync(new Dictionary<string, string?> { ["ModelStore:Path"] = store });
        var current = JsonNode.Parse(await host.Client.GetStringAsync("/v1/models/current"))!;
        Assert.Equal(version, (string)current["personal"]!["version"]!);
    }

    /// <summary>A small file in the command's format, replayed into an all-in-one host on a free port.</summary>
    private async Task Replay(string project, string[] args)
    {
        Assert.Equal("30music", Value(args, "--format"));
        var data = Path.Combine(_scratch, "listens.txt");
        var events = PlantedListeningFile.WriteThirtyMusic(new PlantedListenStream(users: 20, listensPerUser: 10, userPrefix: "readme"), data).Count;
        var sent = args.Contains("--limit") ? Math.Min(events, int.Parse(Value(args, "--limit"), CultureInfo.InvariantCulture)) : events;
        await using var host = await AllInOneHost.StartAsync();

        var result = await CommandProcess.RunEntryAsync(project,
            [.. args.Select((a, i) => i > 0 && args[i - 1] == "--data" ? Relative(data) : a), "--url", host.BaseAddress.ToString()]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"{sent:N0} accepted, 0 duplicates, 0 refused", Regex.Replace(result.Output, @"\s+", " "));
    }

    private async Task Extract(string project, string[] args)
    {
        var files = new List<string>();
        foreach (var (name, i) in args.Skip(1).Where(a => !a.StartsWith("--", StringComparison.Ordinal)).Select((a, i) => (a, i)))
            files.Add(Relative(await WriteClickTrack(Path.Combine(_scratch, name), seed: i + 1)));
        Assert.NotEmpty(files);

        var result = await CommandProcess.RunEntryAsync(project, [args[0], .. files, .. args.Skip(1).Where(a => a.StartsWith("--", StringComparison.Ordinal))]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var records = JsonNode.Parse(result.Output)!.AsArray();
        Assert.Equal(files, records.Select(r => (string)r!["file"]!));
        Assert.All(records, r => Assert.InRange((double)r!["descriptors"]!["tempoBpm"]!, ClickBpm - 4, ClickBpm + 4));
    }

    private async Task BenchmarkList(string project, string[] args)
    {
        var result = await CommandProcess.RunEntryAsync(project, args);

        Assert.True(result.ExitCode == 0, result.ToString());
        var listed = ListedCommand().Matches(result.Output).Select(m => m.Groups[1].Value);
        var promised = ReadmeBenchmarkList().Match(File.ReadAllText(Path.Combine(_root, "README.md"))).Groups[1].Value
            .Split(',', StringSplitOptions.TrimEntries);
        Assert.Equal(promised.Order(), listed.Order());
    }

    private static List<IReadOnlyList<string>> ReadmeCommands() =>
        [.. ShellCommands.InBashBlocks(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "README.md")))];

    /// <summary><c>dotnet run [options] --project P [options] -- ARGS</c> → (P, ARGS).</summary>
    private static (string Project, string[] Args) DotnetRun(IReadOnlyList<string> words)
    {
        Assert.Equal("run", words[1]);
        var separator = words.ToList().IndexOf("--");
        Assert.True(separator > 0, $"`{string.Join(' ', words)}` passes no arguments after --");
        return (Value([.. words.Take(separator)], "--project"), [.. words.Skip(separator + 1)]);
    }

    private static string Value(IReadOnlyList<string> args, string option)
    {
        var at = args.ToList().IndexOf(option);
        Assert.True(at >= 0 && at + 1 < args.Count, $"no {option} in `{string.Join(' ', args)}`");
        return args[at + 1];
    }

    private string Relative(string path) => Path.GetRelativePath(_root, path);

    /// <summary>MSD Taste Profile lines (user, song, play count; no header): two taste groups of 30 songs.</summary>
    private static IEnumerable<string> PlantedTasteListens()
    {
        var random = new Random(7);
        for (var u = 0; u < Users; u++)
            foreach (var song in Enumerable.Range(0, 30).OrderBy(_ => random.Next()).Take(SongsPerUser))
                yield return $"user{u}\tSOG{u % 2}X{song:D4}\t{random.Next(1, 9)}";
    }

    /// <summary>A 6 s click track at <see cref="ClickBpm"/>; written as WAV, or encoded by ffmpeg when the name asks for another format.</summary>
    private static async Task<string> WriteClickTrack(string path, int seed)
    {
        var wav = Path.ChangeExtension(path, ".wav");
        WavWriter.Write(wav, Signals.ClickTrack(ClickBpm, 6, seed), 22050);
        if (wav == path) return path;
        var encode = await CommandProcess.RunAsync("ffmpeg", ["-v", "error", "-y", "-i", wav, path], Path.GetDirectoryName(path)!);
        Assert.True(encode.ExitCode == 0, encode.ToString());
        return path;
    }

    [GeneratedRegex(@"^  (\S+)  ", RegexOptions.Multiline)]
    private static partial Regex ListedCommand();

    [GeneratedRegex(@"--bench\s+#\s*lists:\s*(.+)$", RegexOptions.Multiline)]
    private static partial Regex ReadmeBenchmarkList();
}
