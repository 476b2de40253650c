using System.Net;
using System.Net.Sockets;

namespace OpenMrs.Testing;

/// <summary>Free TCP ports on loopback for servers a test starts (Orleans silo and gateway, redis-server, HTTP).</summary>
public static class LoopbackPorts
{
    /// <summary>
    /// <paramref name="count"/> distinct free ports. All listeners are open at once while the ports are read, so one
    /// call never hands out the same port twice (asking for ports one at a time can, and then two servers collide).
    /// </summary>
    public static int[] Reserve(int count)
    {
        var listeners = new TcpListener[count];
        try
        {
            for (var i = 0; i < count; i++)
            {
                listeners[i] = new TcpListener(IPAddress.Loopback, 0);
                listeners[i].Start();
            }
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners) listener?.Stop();
        }
    }

    public static int Reserve() => Reserve(1)[0];
}
