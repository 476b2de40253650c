namespace OpenMrs.Serving.Grains.Ranking;

/// <summary>Writes a generator's reason for one of its items when asked: most candidates never reach the list.</summary>
public interface IReasonSource
{
    /// <param name="item">The item index the generator gave with the reason (its model's numbering).</param>
    string Explain(int item);
}

/// <summary>
/// A candidate's why: a fixed text, or an item a <see cref="IReasonSource"/> explains only when the candidate is
/// shown (<see cref="ToString"/>). A miss proposes a few hundred candidates and shows ten; the collaborative reason
/// compares each candidate with fifty recent tracks, which was a third of the candidate stage's time when written
/// for all of them.
/// </summary>
public readonly struct CandidateReason
{
    // The text itself, or the source that writes it: one reference, so a candidate stays small.
    private readonly object? _textOrSource;
    private readonly int _item;

    public CandidateReason(string text) => _textOrSource = text;

    public CandidateReason(IReasonSource source, int item) => (_textOrSource, _item) = (source, item);

    public static implicit operator CandidateReason(string text) => new(text);

    /// <summary>The text; a deferred reason is written on each call.</summary>
    public override string ToString() => _textOrSource switch
    {
        string text => text,
        IReasonSource source => source.Explain(_item),
        _ => "",
    };
}
