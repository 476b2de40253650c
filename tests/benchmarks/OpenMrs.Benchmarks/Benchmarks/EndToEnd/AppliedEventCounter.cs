using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OpenMrs.Benchmarks.Benchmarks.EndToEnd;

/// <summary>Sums <c>openmrs.serving.events.applied</c>: events folded into grain state, as the grains report them.</summary>
internal sealed class AppliedEventCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _total;

    public AppliedEventCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "OpenMrs.Serving" && instrument.Name == "openmrs.serving.events.applied")
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _total, value));
        _listener.Start();
    }

    public long Total => Interlocked.Read(ref _total);

    public async Task<bool> WaitForAsync(long total, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (Total < total)
        {
            if (deadline.Elapsed > timeout)
            {
                Console.WriteLine($"warning: only {Total} of {total} events applied after {timeout}");
                return false;
            }
            await Task.Delay(5, cancellationToken);
        }
        return true;
    }

    public void Dispose() => _listener.Dispose();
}
