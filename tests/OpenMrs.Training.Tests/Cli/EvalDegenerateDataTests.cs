namespace OpenMrs.Training.Tests.Cli;

/// <summary>
/// Every kind of data too small or too uniform for the evaluation asked of it ends in one plain line and exit code 2,
/// never an internal exception; data that is merely small (k above the catalogue, all counts equal) still evaluates.
/// </summary>
public class EvalDegenerateDataTests
{
    private const string Session = "UserId\tSessionId\tItemId\tTime\tArtistId";

    /// <summary>The files a case writes (name → lines), its arguments after --data (the first file), and the message expected (null: success).</summary>
    private sealed record Case(Dictionary<string, string[]> Files, string[] Args, string? Message);

    private static string[] Rows(params string[] rows) => [.. rows.Select(r => r.Replace(' ', '\t'))];

    /// <summary>Six users over eight items, four to six items each: enough for a holdout, too few for many factors.</summary>
    private static readonly string[] Small =
        [.. Enumerable.Range(0, 6).SelectMany(u => Enumerable.Range(0, 4 + u % 3).Select(i => $"u{u}\ti{(u + i) % 8}\t{1 + (u * i) % 4}"))];

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["two users with one play each"] = new(new() { ["plays.tsv"] = Rows("a x 1", "b y 1") }, [],
            "no user has the 3 or more items that a 20% holdout needs to hold one out (the most any user has is 1)"),
        ["five Last.fm-1K scrobbles over three users"] = new(new()
            {
                ["scrobbles.tsv"] =
                [
                    "user_1\t2009-05-04T10:00:00Z\t\tArtist\t\tSong A", "user_1\t2009-05-03T10:00:00Z\t\tArtist\t\tSong B",
                    "user_2\t2009-05-04T11:00:00Z\t\tArtist\t\tSong A", "user_2\t2009-05-03T11:00:00Z\t\tArtist\t\tSong C",
                    "user_3\t2009-05-03T12:00:00Z\t\tArtist\t\tSong B",
                ],
            }, ["--format", "lastfm1k"], "no user has the 3 or more items that a 20% holdout needs"),
        ["one user"] = new(new() { ["plays.tsv"] = Rows("a x 1", "a y 2", "a z 3") }, [],
            "every held-out item (1 interaction(s)) is missing from training"),
        ["one item"] = new(new() { ["plays.tsv"] = Rows("a x 1", "b x 2", "c x 3") }, [],
            "no user has the 3 or more items"),
        ["every user with one item, MSD split"] = new(new() { ["plays.tsv"] = Rows("a x 1", "b y 1", "c x 1") }, ["--split", "msd"],
            "no user has the 2 or more items the MSD-challenge split needs"),
        ["every user with one item, leave-last split"] = new(new() { ["s.txt"] = [Session, .. Rows("a s1 x 10 r", "b s2 y 20 r")] },
            ["--format", "30music", "--split", "last"], "no user has more than 1 distinct item(s)"),
        ["too few sessions to hold one out"] = new(new() { ["s.txt"] = [Session, .. Rows("a s1 x 10 r", "a s1 y 20 r", "b s2 y 99 r")] },
            ["--format", "30music", "--split", "sessions"], "20% of 2 session(s) rounds to no held-out session"),
        ["held-out session with nothing scorable"] = new(new() { ["s.txt"] = [Session, .. Rows("a s1 x 10 r", "a s1 y 20 r", "b s2 z 99 r")] },
            ["--format", "30music", "--split", "sessions", "--test-fraction", "0.5"], "no step of the 1 held-out session(s) can be scored"),
        ["explicit test file of cold items only"] = new(new() { ["train.tsv"] = Small, ["test.tsv"] = Rows("u0 new1 1", "u1 new2 1") },
            ["--test", "test.tsv"], "every held-out item (2 interaction(s)) is missing from training"),
        ["explicit empty test file"] = new(new() { ["train.tsv"] = Small, ["test.tsv"] = [] }, ["--test", "test.tsv"],
            "test.tsv: no interactions found"),
        ["more factors than users"] = new(new() { ["plays.tsv"] = Small }, ["--models", "pop,als", "--set", "als.factors=7"],
            "als: 7 factors were asked for, but the training data has 6 users and 8 items, so at most 6 can be fitted"),
        ["more factors than items"] = new(new() { ["plays.tsv"] = Small }, ["--models", "svd", "--set", "svd.factors=9"],
            "svd: 9 factors were asked for"),
        ["a step size that overflows on tiny data"] = new(new() { ["plays.tsv"] = Small }, ["--models", "gravity"],
            "gravity: fitting diverged on this data"),
        ["k larger than the catalogue"] = new(new() { ["plays.tsv"] = Small }, ["--models", "pop,itemknn,als", "--k", "5,100"], null),
        ["all counts equal"] = new(new() { ["plays.tsv"] = [.. Small.Select(l => l[..l.LastIndexOf('\t')] + "\t3")] },
            ["--models", "pop,userknn,als,bpr", "--ratings", "taste"], null),
    };

    public static TheoryData<string> Names() => new(Cases.Keys.Order());

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Ends_in_one_plain_line_or_evaluates(string name)
    {
        var (files, args, message) = Cases[name];
        using var work = new WorkFolder();
        foreach (var (file, lines) in files) work.Write(file, lines);
        var resolved = args.Select(a => files.ContainsKey(a) ? work.File(a) : a);

        var run = await CliRun.RunAsync(["eval", "--data", work.File(files.Keys.First()), .. resolved]);

        if (message is null)
        {
            Assert.True(run.ExitCode == 0, run.Error);
            Assert.Empty(run.Error);
            return;
        }
        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("eval: ", line);
        Assert.Contains(message, line);
        Assert.DoesNotContain("Exception", line);
    }
}
