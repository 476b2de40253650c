using Orleans.Serialization.Cloning;
using OpenMrs.Contracts.Events;

namespace OpenMrs.Serving.GrainInterfaces.Serialization;

/// <summary>Lets grain calls carry the contract's <see cref="ListenEvent"/>, which knows nothing of Orleans.</summary>
[GenerateSerializer]
public struct ListenEventSurrogate
{
    [Id(0)] public string EventId;
    [Id(1)] public string UserId;
    [Id(2)] public string TrackId;
    [Id(3)] public DateTimeOffset OccurredAt;
    [Id(4)] public int Kind;
    [Id(5)] public int? MsPlayed;
    [Id(6)] public string? Context;
}

[RegisterConverter]
public sealed class ListenEventSurrogateConverter : IConverter<ListenEvent, ListenEventSurrogate>
{
    public ListenEvent ConvertFromSurrogate(in ListenEventSurrogate s) =>
        new(s.EventId, s.UserId, s.TrackId, s.OccurredAt, (ListenKind)s.Kind, s.MsPlayed, s.Context);

    public ListenEventSurrogate ConvertToSurrogate(in ListenEvent value) => new()
    {
        EventId = value.EventId,
        UserId = value.UserId,
        TrackId = value.TrackId,
        OccurredAt = value.OccurredAt,
        Kind = (int)value.Kind,
        MsPlayed = value.MsPlayed,
        Context = value.Context,
    };
}

/// <summary>
/// <see cref="ListenEvent"/> is an immutable record, so a grain call inside one silo may share it instead of copying it
/// through the surrogate (which the default copier would, once per event per call).
/// </summary>
[RegisterCopier]
public sealed class ListenEventCopier : IDeepCopier<ListenEvent>
{
    public ListenEvent? DeepCopy(ListenEvent? input, CopyContext context) => input;
}
