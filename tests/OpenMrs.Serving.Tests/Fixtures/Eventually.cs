namespace OpenMrs.Serving.Tests.Fixtures;

/// <summary>Polls for something that happens asynchronously (a consumer, a reconnect), without asserting on time.</summary>
internal static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        var value = await probe();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            value = await probe();
        }
        return value;
    }
}
