namespace OpenMrs.Testing;

/// <summary>Bounded polling: asynchronous effects (Kafka → grain) are awaited up to a deadline, never timed.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Polls <paramref name="probe"/> until <paramref name="done"/> holds; returns the last value either way, so the caller's assertion explains a failure.</summary>
    public static async Task<T> WaitForAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        var delay = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            var value = await probe();
            if (done(value) || DateTime.UtcNow >= deadline) return value;
            await Task.Delay(delay);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 500));
        }
    }
}
