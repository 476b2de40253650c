using System.Diagnostics;

namespace OpenMrs.Benchmarks.Benchmarks.Training;

/// <summary>Wall time and peak managed heap of one stage.</summary>
/// <param name="PeakManagedMegabytes">The largest GC.GetTotalMemory(false) sampled while the stage ran (every 5 ms), garbage not yet collected included.</param>
public sealed record StageFigures(string Stage, double Seconds, double PeakManagedMegabytes);

/// <summary>
/// Times the spans of one <see cref="ActivitySource"/> as stages (they must not overlap) and samples the managed heap
/// every 5 ms on a thread of its own to find each stage's peak.
/// </summary>
public sealed class StageRecorder : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly Thread _sampler;
    private readonly List<StageFigures> _stages = [];
    private volatile bool _stopped;
    private long _peak;

    public StageRecorder(string sourceName)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == sourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStarted = _ => Interlocked.Exchange(ref _peak, GC.GetTotalMemory(false)),
            ActivityStopped = activity => Record(activity.DisplayName, activity.Duration.TotalSeconds),
        };
        ActivitySource.AddActivityListener(_listener);
        _sampler = new Thread(Sample) { IsBackground = true, Name = "heap sampler" };
        _sampler.Start();
    }

    public IReadOnlyList<StageFigures> Stages
    {
        get { lock (_stages) return [.. _stages]; }
    }

    /// <summary>Runs <paramref name="stage"/> as a stage of its own (for work outside the traced code).</summary>
    public async Task<T> MeasureAsync<T>(string name, Func<Task<T>> stage)
    {
        Interlocked.Exchange(ref _peak, GC.GetTotalMemory(false));
        var clock = Stopwatch.StartNew();
        var result = await stage();
        Record(name, clock.Elapsed.TotalSeconds);
        return result;
    }

    public void Dispose()
    {
        _stopped = true;
        _listener.Dispose();
        _sampler.Join();
    }

    private void Record(string stage, double seconds)
    {
        var peak = Math.Max(Interlocked.Read(ref _peak), GC.GetTotalMemory(false));
        lock (_stages) _stages.Add(new StageFigures(stage, Math.Round(seconds, 3), Math.Round(peak / 1048576.0, 1)));
    }

    private void Sample()
    {
        while (!_stopped)
        {
            var now = GC.GetTotalMemory(false);
            long seen;
            while (now > (seen = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, seen) != seen) { }
            Thread.Sleep(5);
        }
    }
}
