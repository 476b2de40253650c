using OpenMrs.Serving.Grains.Ranking;
using OpenMrs.Serving.Grains.Ranking.Candidates;

namespace OpenMrs.Serving.Tests.Ranking;

public sealed class CandidateSignalsTests
{
    private static readonly string[] Sources =
    [
        CollaborativeCandidateGenerator.Source, RankerCandidateGenerator.Source, NeighbourCandidateGenerator.HistorySource,
        NeighbourCandidateGenerator.SessionSource, AudioCandidateGenerator.Source, PopularCandidateGenerator.Source,
    ];

    [Fact]
    public void SignalsOf_gives_what_TryGetSignal_gives_for_every_source_with_a_bit_per_proposing_generator()
    {
        var candidate = new Candidate("t-1", NeighbourCandidateGenerator.HistorySource, 4, 0.3, "", "because you played t-9");
        candidate.Merge(new Candidate("t-1", PopularCandidateGenerator.Source, 2, 0.8, "", "popular right now"));
        candidate.Merge(new Candidate("t-1", AudioCandidateGenerator.Source, 7, 0.1, "", "similar in sound to t-8"));
        candidate.Merge(new Candidate("t-1", AudioCandidateGenerator.Source, 1, 0.6, "", "similar in sound to t-7")); // the stronger one stays
        candidate.Merge(new Candidate("t-1", NeighbourCandidateGenerator.HistorySource, 0, 0.2, "", "because you played t-6")); // weaker: ignored

        var signals = new Signal[Sources.Length + 1];
        signals[^1] = new Signal(9, "untouched");
        var proposedBy = candidate.SignalsOf(Sources, signals);

        Assert.Equal(1 << 2 | 1 << 4 | 1 << 5, proposedBy);
        for (var i = 0; i < Sources.Length; i++)
        {
            var found = candidate.TryGetSignal(Sources[i], out var expected);
            Assert.Equal(found, (proposedBy & 1 << i) != 0);
            Assert.Equal(found ? expected.Value : 0, signals[i].Value);
            Assert.Equal(found ? expected.Reason.ToString() : "", signals[i].Reason.ToString());
        }
        Assert.Equal(0.6, signals[4].Value);
        Assert.Equal("similar in sound to t-7", signals[4].Reason.ToString());
        Assert.Equal(0.3, signals[2].Value);
        Assert.Equal(9, signals[^1].Value);
    }

    [Fact]
    public void SignalsOf_clears_what_an_earlier_candidate_left_in_the_row()
    {
        var signals = new Signal[Sources.Length];
        new Candidate("t-1", CollaborativeCandidateGenerator.Source, 0, 2.0, "", "because").SignalsOf(Sources, signals);
        var proposedBy = new Candidate("t-2", PopularCandidateGenerator.Source, 0, 0.5, "", "popular right now").SignalsOf(Sources, signals);

        Assert.Equal(1 << 5, proposedBy);
        Assert.Equal(0, signals[0].Value);
        Assert.Equal(0.5, signals[5].Value);
    }
}
