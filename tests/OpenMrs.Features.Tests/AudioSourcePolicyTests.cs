using System.Net;
using OpenMrs.Features.Configuration;
using OpenMrs.Features.Fetching;

namespace OpenMrs.Features.Tests;

/// <summary>The address and host rules of <see cref="AudioSourcePolicy"/>, and the options that configure it.</summary>
public sealed class AudioSourcePolicyTests
{
    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("151.101.1.69", true)]
    [InlineData("2606:4700:4700::1111", true)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("172.31.255.254", false)]
    [InlineData("172.32.0.1", true)]
    [InlineData("192.168.1.1", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("127.0.0.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("255.255.255.255", false)]
    [InlineData("::1", false)]
    [InlineData("::", false)]
    [InlineData("fd00::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("::ffff:8.8.8.8", true)]
    public void Only_public_addresses_are_permitted_by_default(string address, bool permitted)
    {
        Assert.Equal(permitted, new AudioSourcePolicy(new AudioSourcesOptions()).IsPermitted(IPAddress.Parse(address)));
        Assert.True(new AudioSourcePolicy(new AudioSourcesOptions { AllowPrivateNetworks = true }).IsPermitted(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("cdn.example.com", true)]
    [InlineData("CDN.Example.com", true)]
    [InlineData("eu.media.example.com", true)]
    [InlineData("media.example.com", false)]   // *.media.example.com names subdomains only
    [InlineData("evilexample.com", false)]
    [InlineData("example.com.evil.org", false)]
    [InlineData("cdn.example.org", false)]
    public void Allowed_hosts_match_exactly_or_as_subdomains(string host, bool allowed)
    {
        var policy = new AudioSourcePolicy(new AudioSourcesOptions { AllowedHosts = ["cdn.example.com", "*.media.example.com"] });
        if (allowed) policy.CheckHost(host);
        else Assert.Equal(AudioFetchFailure.Refused, Assert.Throws<AudioFetchException>(() => policy.CheckHost(host)).Reason);
    }

    [Fact]
    public void No_allowed_hosts_means_any_host()
    {
        new AudioSourcePolicy(new AudioSourcesOptions()).CheckHost("anything.example.net");
    }

    [Theory]
    [InlineData("relative/audio", null)]
    [InlineData(null, "https://cdn.example.com")]
    [InlineData(null, "cdn*.example.com")]
    [InlineData(null, "*example.com")]
    [InlineData(null, " ")]
    public void Bad_settings_are_rejected_at_start(string? root, string? host)
    {
        var options = new FeaturesOptions();
        if (root is not null) options.AudioSources.LocalRoots.Add(root);
        if (host is not null) options.AudioSources.AllowedHosts.Add(host);
        Assert.Contains("AudioSources", Assert.Throws<InvalidOperationException>(options.Validate).Message);
    }
}
