using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using OpenMrs.Serving.GrainInterfaces.Users;

namespace OpenMrs.Serving.Tests.Caching;

/// <summary>An item's reason kept as phrase and evidence reads, travels and compares as its text.</summary>
public sealed class RecommendedItemTests
{
    private static readonly RecommendationList List = new("u", "v1", 3,
        [new RecommendedItem("t-9", 0.5, "because you played", "t-7"), new RecommendedItem("t-4", 0.25, "popular right now")]);

    [Fact]
    public void The_reason_reads_as_one_text_and_its_parts_stay_apart()
    {
        Assert.Equal(["because you played t-7", "popular right now"], List.Items.Select(i => i.Reason));
        Assert.Equal(("because you played", "t-7"), (List.Items[0].ReasonPhrase, List.Items[0].ReasonEvidence));
        Assert.Equal(new RecommendedItem("t-9", 0.5, "because you played t-7"), List.Items[0]);
        Assert.NotEqual(new RecommendedItem("t-9", 0.5, "because you played t-8"), List.Items[0]);
        Assert.Equal(new RecommendedItem("t-9", 0.5, "because you played t-7").GetHashCode(), List.Items[0].GetHashCode());
    }

    [Fact]
    public void Json_carries_the_text_only_and_reads_back_equal()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var json = JsonSerializer.Serialize(List, options);

        using var document = JsonDocument.Parse(json);
        var first = document.RootElement.GetProperty("items")[0];
        Assert.Equal(["trackId", "score", "reason"], first.EnumerateObject().Select(p => p.Name));
        Assert.Equal("because you played t-7", first.GetProperty("reason").GetString());
        Assert.Equal(List.Items, JsonSerializer.Deserialize<RecommendationList>(json, options)!.Items);
    }

    [Fact]
    public void Orleans_carries_phrase_and_evidence_between_silos()
    {
        using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();

        var received = serializer.Deserialize<RecommendationList>(serializer.SerializeToArray(List))!;

        Assert.Equal(List.Items, received.Items);
        Assert.Equal(("because you played", "t-7"), (received.Items[0].ReasonPhrase, received.Items[0].ReasonEvidence));
    }
}
