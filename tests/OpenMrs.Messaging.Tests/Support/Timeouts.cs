namespace OpenMrs.Messaging.Tests.Support;

public static class Timeouts
{
    /// <summary>Generous: the machine running tests may be heavily shared. Nothing asserts on speed.</summary>
    public static readonly TimeSpan Delivery = TimeSpan.FromSeconds(60);
}
