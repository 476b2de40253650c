using OpenMrs.Audio.ContentToFactors;
using OpenMrs.Recommender.Evaluation.ColdStart;
using Xunit.Abstractions;

namespace OpenMrs.Audio.Tests.ContentToFactors;

/// <summary>
/// On generated data whose genre decides both the taste and the content (audio embedding, title and tags), the trained
/// content model's predicted factors rank held-out tracks for their listeners far better than random factors and than
/// the average of the artist's other tracks (artists keep to one genre for only half of their tracks).
/// </summary>
public sealed class ColdStartQualityTests(ITestOutputHelper output)
{
    [Fact]
    public void Predicted_factors_beat_the_random_and_artist_average_baselines_on_held_out_tracks()
    {
        var data = new SyntheticContentCatalog(genres: 5, artists: 40, tracks: 400, users: 250, playsPerUser: 30, seed: 7);
        var options = new ContentToFactorsOptions { HiddenLayers = [64], BatchSize = 64, MaxEpochs = 150, Text = new(MinDocumentFrequency: 2) };

        var result = ContentFactorsExperiment.Run(data, options, heldOutFraction: 0.2, factors: 8);

        Assert.Equal(80, result.HeldOutTracks);
        output.WriteLine($"MAP@500 content {result.Content.MapAt500:F4}, artist average {result.ArtistAverage.MapAt500:F4}, random {result.Random.MapAt500:F4}; " +
                         $"recall@10 {result.Content.RecallAt[10]:F4} / {result.ArtistAverage.RecallAt[10]:F4} / {result.Random.RecallAt[10]:F4}; epochs {result.History.Epochs}, best {result.History.BestEpoch}");
        Assert.True(result.History.BestValidationLoss < result.History.ValidationLoss[0], "training lowered the validation loss");
        Assert.True(result.Content.MapAt500 > 1.5 * result.Random.MapAt500,
            $"content MAP@500 {result.Content.MapAt500:F4} vs random {result.Random.MapAt500:F4}");
        Assert.True(result.Content.MapAt500 > result.ArtistAverage.MapAt500 * 1.1,
            $"content MAP@500 {result.Content.MapAt500:F4} vs artist average {result.ArtistAverage.MapAt500:F4}");
        Assert.True(result.Content.RecallAt[10] > result.Random.RecallAt[10]);
    }
}
