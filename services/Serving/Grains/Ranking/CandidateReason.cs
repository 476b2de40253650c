using System.Collections.Concurrent;

namespace OpenMrs.Serving.Grains.Ranking;

/// <summary>Writes a generator's reason for one of its items when asked: most candidates never reach the list.</summary>
public interface IReasonSource
{
    /// <param name="item">The item index the generator gave with the reason (its model's numbering).</param>
    CandidateReason Explain(int item);
}

/// <summary>
/// A candidate's why: a fixed text ("popular right now"), a phrase and the track it names as evidence ("because you
/// played" + X), or an item a <see cref="IReasonSource"/> explains only when the candidate is shown. A miss proposes a
/// few hundred candidates and shows ten; the collaborative reason compares each candidate with fifty recent tracks,
/// which was a third of the candidate stage's time when written for all of them. Phrase and evidence stay apart until
/// the text is written (<see cref="ToString"/>): the phrase is a shared constant (<see cref="Phrase"/>) and the
/// evidence a track id the model or the user's state already holds, so a cached list holds no reason strings of its own.
/// </summary>
public readonly struct CandidateReason
{
    // The text or phrase, or the source that writes the reason: one reference, so a candidate stays small.
    private readonly object? _textOrSource;
    private readonly string? _evidence;
    private readonly int _item;

    public CandidateReason(string text) => _textOrSource = text;

    /// <param name="phrase">A shared phrase (<see cref="Phrase"/>), e.g. "because you played".</param>
    /// <param name="evidence">The track the reason names.</param>
    public CandidateReason(string phrase, string evidence) => (_textOrSource, _evidence) = (phrase, evidence);

    public CandidateReason(IReasonSource source, int item) => (_textOrSource, _item) = (source, item);

    public static implicit operator CandidateReason(string text) => new(text);

    /// <summary>The phrase (or whole text) and the evidence track (null for a fixed text); a deferred reason is resolved on each call.</summary>
    public (string Phrase, string? Evidence) Parts => _textOrSource switch
    {
        string text => (text, _evidence),
        IReasonSource source => source.Explain(_item).Parts,
        _ => ("", null),
    };

    /// <summary>The text; a deferred reason is written on each call.</summary>
    public override string ToString() => Parts switch
    {
        (var phrase, null) => phrase,
        var (phrase, evidence) => $"{phrase} {evidence}",
    };

    private static readonly ConcurrentDictionary<(string Prefix, string Verb), string> Phrases = new();

    /// <summary>"{prefix} {verb}", one shared string per pair (callers pass constants, so the pairs are few).</summary>
    public static string Phrase(string prefix, string verb) => Phrases.GetOrAdd((prefix, verb), static key => $"{key.Prefix} {key.Verb}");
}
