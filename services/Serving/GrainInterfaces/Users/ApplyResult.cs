namespace OpenMrs.Serving.GrainInterfaces.Users;

/// <param name="Applied">How many of the given events were new (duplicates are not applied).</param>
[GenerateSerializer, Immutable]
public sealed record ApplyResult([property: Id(0)] long StateVersion, [property: Id(1)] int Applied);
