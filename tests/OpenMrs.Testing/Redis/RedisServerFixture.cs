using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OpenMrs.Testing.Redis;

/// <summary>
/// An xunit fixture running Debian's <c>redis-server</c> on a free loopback port, without persistence. It can be
/// stopped and started again on the same port (to test behaviour while Redis is down) and is killed by its PID on
/// dispose.
/// </summary>
public class RedisServerFixture : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private readonly Lock _gate = new();
    private Process? _process;

    public RedisServerFixture()
    {
        Port = LoopbackPorts.Reserve();
        Start();
    }

    public int Port { get; }

    /// <summary>A StackExchange.Redis connection string for this server.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    public bool IsRunning
    {
        get { lock (_gate) return _process is { HasExited: false }; }
    }

    /// <summary>Starts the server (if stopped) and waits until it answers PING.</summary>
    /// <exception cref="InvalidOperationException">redis-server is missing or did not answer in time.</exception>
    public void Start()
    {
        lock (_gate)
        {
            if (_process is { HasExited: false }) return;
            var startInfo = new ProcessStartInfo("redis-server")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[] { "--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
                startInfo.ArgumentList.Add(arg);
            try
            {
                _process = Process.Start(startInfo) ?? throw new InvalidOperationException("redis-server did not start");
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                throw new InvalidOperationException("redis-server is not installed (apt-get install -y redis-server)", ex);
            }
            // Drain its output so a full pipe never blocks it.
            _process.OutputDataReceived += (_, _) => { };
            _process.ErrorDataReceived += (_, _) => { };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            WaitUntilAnswering(_process);
        }
    }

    /// <summary>Kills the server and waits for it to exit; the port stays reserved for <see cref="Start"/>.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            if (_process is null) return;
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(10_000);
            }
            _process.Dispose();
            _process = null;
        }
    }

    public void Dispose()
    {
        Stop();
        GC.SuppressFinalize(this);
    }

    private void WaitUntilAnswering(Process process)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"redis-server exited with code {process.ExitCode} (is port {Port} taken?)");
            if (AnswersPing()) return;
            Thread.Sleep(50);
        }
        throw new InvalidOperationException($"redis-server did not answer PING on port {Port} within {StartTimeout}");
    }

    private bool AnswersPing()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            using var stream = client.GetStream();
            stream.Write("PING\r\n"u8);
            var buffer = new byte[16];
            var read = stream.Read(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

}
