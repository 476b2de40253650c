using System.Text;

namespace OpenMrs.Messaging.Consuming;

internal static class MessageKeys
{
    public static string Decode(byte[]? key) => key is null ? "" : Encoding.UTF8.GetString(key);
}
