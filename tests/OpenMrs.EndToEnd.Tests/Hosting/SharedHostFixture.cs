namespace OpenMrs.EndToEnd.Tests.Hosting;

/// <summary>One all-in-one host shared by the tests of the <see cref="SharedHostCollection"/>; each test uses its own user and track ids.</summary>
public sealed class SharedHostFixture : IAsyncLifetime
{
    public AllInOneHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await AllInOneHost.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SharedHostCollection : ICollectionFixture<SharedHostFixture>
{
    public const string Name = "all-in-one host";
}
