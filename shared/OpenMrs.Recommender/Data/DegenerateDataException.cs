namespace OpenMrs.Recommender.Data;

/// <summary>
/// Data too small or too uniform for what was asked of it: a split that holds nothing out, a test side left empty once
/// cold items are dropped, a training side with no interactions, a factor count above the data's rank. The message is
/// one plain sentence for the person who chose the data, saying what is missing and what to change; tools show it as
/// it is (the <c>eval</c> command exits with code 2).
/// </summary>
public sealed class DegenerateDataException(string message) : ArgumentException(message);
