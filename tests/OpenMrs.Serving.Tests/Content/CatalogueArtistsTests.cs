using Microsoft.Extensions.Options;
using OpenMrs.Contracts.Events;
using OpenMrs.ModelStore.Formats;
using OpenMrs.Serving.Grains.Consumers;
using OpenMrs.Serving.Grains.Content;
using OpenMrs.Serving.Grains.Hosting;
using OpenMrs.Serving.Grains.Models;
using OpenMrs.Serving.Grains.Ranking;
using OpenMrs.Serving.Grains.Ranking.Candidates;
using OpenMrs.Serving.Grains.Ranking.ReRanking;
using OpenMrs.Serving.Grains.Ranking.Scoring;
using OpenMrs.Serving.Tests.Fixtures;

namespace OpenMrs.Serving.Tests.Content;

/// <summary>Catalogue artists against the models' (a model knows the artists of the catalogue it was trained from), on constructed cases.</summary>
public sealed class CatalogueArtistsTests
{
    private readonly CurrentModelHolder _current = new();
    private readonly TrackTexts _texts = new();
    private readonly CatalogueArtists _artists;
    private readonly TrackCatalogHandler _handler;

    public CatalogueArtistsTests()
    {
        _artists = new CatalogueArtists(_texts, _current);
        _handler = new TrackCatalogHandler(new TrackFreshness(TimeProvider.System), _texts, _artists);
    }

    /// <summary>Popularity over t-00..t-11, each of its own artist ("a0".."a11") unless <paramref name="artist"/> says otherwise.</summary>
    private void Load(string version, Func<int, string>? artist = null) =>
        _current.TryUpdate(PopularityModel.Kind, version, _ => new ServingModel(version, TestData.RankedModel("t", 12, artist ?? (i => $"a{i}")), DateTimeOffset.UnixEpoch));

    private Task AnnounceAsync(int track, string artist) =>
        _handler.HandleAsync(new("tracks", TestData.TrackId("t", track), new(TestData.TrackId("t", track), "title", artist), 0, 0, DateTimeOffset.UnixEpoch), default);

    [Fact]
    public async Task An_artist_change_on_the_catalogue_applies_at_once_and_a_track_no_model_knows_takes_the_catalogues()
    {
        Load("v1");
        await AnnounceAsync(3, "a0");
        await AnnounceAsync(4, "A4");
        await AnnounceAsync(20, "new artist");

        Assert.Equal("a0", _artists.Resolve("t-03", "a3"));
        Assert.Equal("a4", _artists.Resolve("t-04", "a4")); // the same artist in another case is no change
        Assert.Equal("new artist", _artists.Resolve("t-20", ""));
        Assert.Equal("a5", _artists.Resolve("t-05", "a5"));
        Assert.Equal(1, _artists.Differing);

        await AnnounceAsync(3, "a3"); // changed back
        Assert.Equal("a3", _artists.Resolve("t-03", "a3"));
        Assert.Equal(0, _artists.Differing);
    }

    [Fact]
    public async Task A_model_trained_before_the_change_is_corrected_and_one_trained_after_it_needs_no_correction()
    {
        await AnnounceAsync(3, "a0"); // before any model
        Load("v1"); // trained from the older catalogue: t-03 by a3
        _artists.Reconcile();
        Assert.Equal("a0", _artists.Resolve("t-03", "a3"));

        Load("v2", i => i == 3 ? "a0" : $"a{i}");
        _artists.Reconcile();
        Assert.Equal(0, _artists.Differing);
        Assert.Equal("a0", _artists.Resolve("t-03", "a0"));
    }

    [Fact]
    public async Task The_artist_cap_holds_for_artists_the_catalogue_changed_since_the_model_was_trained()
    {
        Load("v1");
        // The model lists twelve artists; the catalogue now says the five most popular tracks are all by one.
        for (var t = 0; t < 5; t++) await AnnounceAsync(t, "one artist");
        var pipeline = new RankingPipeline([new PopularCandidateGenerator()],
            new BlendedScorer(Options.Create(new ServingOptions()), catalogueArtists: _artists), [new ArtistCapReRanker(2)]);
        var uncorrected = new RankingPipeline([new PopularCandidateGenerator()], new BlendedScorer(Options.Create(new ServingOptions())), [new ArtistCapReRanker(2)]);

        var items = pipeline.Rank(new RankingContext(UserProfile.Anonymous("u"), _current.Current!, 6));

        Assert.Equal(["t-00", "t-01", "t-05", "t-06", "t-07", "t-08"], items.Select(i => i.TrackId));
        Assert.Equal(Enumerable.Range(0, 6).Select(i => TestData.TrackId("t", i)), uncorrected.Rank(new RankingContext(UserProfile.Anonymous("u"), _current.Current!, 6)).Select(i => i.TrackId));
    }
}
