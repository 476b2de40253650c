using OpenMrs.ModelStore.Formats;
using OpenMrs.Recommender.Content;

namespace OpenMrs.Serving.Grains.Models;

/// <summary>
/// Everything ranking needs from the published models, swapped in whole: the popularity model (the fallback and the
/// trending signal), the personal factor model (WALS: fold-in and collaborative candidates) and the item-neighbour
/// model (item kNN or RP3β: "because you played X"). Each part has its own version; <see cref="Version"/> names them
/// all, and <see cref="CacheVersion"/> those a cached list must not outlive. <see cref="Content"/> is the content-to-factors model of the
/// cold start (tracks without listens).
/// </summary>
public sealed record ServingModel(
    string PopularityVersion,
    PopularityModel Popularity,
    DateTimeOffset LoadedAt,
    ModelPart? Personal = null,
    ModelPart? Neighbours = null,
    ModelPart? Ranker = null,
    ContentPart? Content = null)
{
    /// <summary>The popularity version alone, or <c>{popularity}+{kind}-{version}...</c> once personal parts are loaded.</summary>
    /// <remarks>
    /// Composed once for a set of parts and kept with the parts it names, compared by reference on every read: a
    /// <c>with</c> copy that changes a part composes its own and never carries its original's. Composed on every read,
    /// each request made two to four new ~150-character strings, and every cached list and key kept one of its own.
    /// </remarks>
    public string Version => Composed().Text;

    /// <summary>
    /// The version a cached list is keyed by: the personal parts' (<c>{kind}-{version}+...</c>, the popularity version
    /// left out) once any is loaded, else the popularity version. Training republishes popularity every few seconds
    /// while listens arrive; with it in the key, every cached list of every user went with each publish. A personal
    /// list therefore takes a new popularity model (its trending and popular candidates, the popularity term) when it
    /// expires or the user's next listen re-keys it; a new personal model re-keys it at once.
    /// </summary>
    public string CacheVersion => Composed().CacheText;

    private ComposedVersion Composed()
    {
        if (_version.Latest is { } known && known.Names(this)) return known;
        var composed = new ComposedVersion(this);
        _version.Latest = composed;
        return composed;
    }

    // A with copy shares the slot (and checks what it holds by reference), so a copy that reads its own version first
    // overwrites the original's; that costs a composition, never a wrong version.
    private readonly VersionSlot _version = new();

    /// <summary>Before the first popularity model: no tracks, version "none".</summary>
    public static ServingModel Empty(DateTimeOffset at) => new(NoVersion, PopularityModel.Empty, at);

    public const string NoVersion = "none";

    /// <summary>The version of the part of <paramref name="kind"/>, or null when none is loaded.</summary>
    public string? VersionOf(string kind) =>
        kind == PopularityModel.Kind ? (PopularityVersion == NoVersion ? null : PopularityVersion)
        : Personal?.Kind == kind ? Personal.Version
        : Neighbours?.Kind == kind ? Neighbours.Version
        : Ranker?.Kind == kind ? Ranker.Version
        : kind == ContentFactorsModel.Kind ? Content?.Version
        : null;

    /// <summary>
    /// A copy with <paramref name="part"/> in the slot its kind fills under <paramref name="options"/>: personal
    /// (<see cref="ServingOptions.PersonalModel"/>), neighbours (<see cref="ServingOptions.NeighbourModel"/>), else ranker.
    /// </summary>
    public ServingModel WithPart(ModelPart part, Hosting.ServingOptions options) =>
        part.Kind == options.PersonalModel ? this with { Personal = part }
        : part.Kind == options.NeighbourModel ? this with { Neighbours = part }
        : this with { Ranker = part };

    /// <summary>The track's artist from whichever loaded model knows the track; empty when none does.</summary>
    public string ArtistOf(string trackId)
    {
        if (ArtistIn(Personal, trackId) is { Length: > 0 } personal) return personal;
        if (ArtistIn(Neighbours, trackId) is { Length: > 0 } neighbours) return neighbours;
        var rank = Popularity.RankOf(trackId);
        return rank >= 0 ? Popularity.Tracks[rank].Artist : "";
    }

    private static string ArtistIn(ModelPart? part, string trackId) =>
        part is not null && part.Model.Items.TryGetIndex(trackId, out var item) ? part.Model.Track(item).Artist : "";

    internal static string Compose(string popularity, params ModelPart?[] parts)
    {
        var version = popularity;
        foreach (var part in parts)
            if (part is not null) version += $"+{part.Kind}-{part.Version}";
        return version;
    }
}

/// <summary>Where a model keeps its composed version. Not part of a model's identity: any two slots are equal, so the
/// record's value equality still compares the parts alone.</summary>
internal sealed class VersionSlot
{
    public volatile ComposedVersion? Latest;

    public override bool Equals(object? obj) => obj is VersionSlot;

    public override int GetHashCode() => 0;
}

/// <summary><see cref="ServingModel.Version"/> and the parts it was composed from.</summary>
internal sealed class ComposedVersion(ServingModel model)
{
    private readonly string _popularity = model.PopularityVersion;
    private readonly ModelPart? _personal = model.Personal, _neighbours = model.Neighbours, _ranker = model.Ranker;
    private readonly ContentPart? _content = model.Content;

    public string Text { get; } = ServingModel.Compose(model.PopularityVersion, model.Personal, model.Neighbours, model.Ranker)
        + (model.Content is { } c ? $"+{ContentFactorsModel.Kind}-{c.Version}" : "");

    /// <summary><see cref="ServingModel.CacheVersion"/>: <see cref="Text"/> without the popularity version once personal parts follow it.</summary>
    public string CacheText => _cacheText ??= Text.Length > _popularity.Length ? Text[(_popularity.Length + 1)..] : Text;

    private string? _cacheText;

    /// <summary>True when <paramref name="model"/> still holds the very parts this was composed from.</summary>
    public bool Names(ServingModel model) =>
        ReferenceEquals(_popularity, model.PopularityVersion) && ReferenceEquals(_personal, model.Personal)
        && ReferenceEquals(_neighbours, model.Neighbours) && ReferenceEquals(_ranker, model.Ranker) && ReferenceEquals(_content, model.Content);
}

/// <summary>Writes an item's neighbour row into <paramref name="row"/> (its width long) and returns how many it wrote.</summary>
internal delegate int NeighbourRowWriter(ModelPart part, int item, Span<(int Item, float Similarity)> row);

/// <summary>One loaded trained model and its version, with what ranking derives from it once.</summary>
public sealed record ModelPart(string Version, TrainedModel Model)
{
    private float[]? _itemNorms;
    private NeighbourRows? _neighbourRows;
    private Aligned? _popularity;

    /// <summary>
    /// Each item's popularity score divided by the top score (0 when the popularity model lacks it), one per item of
    /// this part, computed once per popularity model (about 100k lookups for 100k items, on first use after a swap):
    /// scoring reads it by item index instead of looking every candidate up by id in the popularity model.
    /// </summary>
    public double[] RelativePopularity(PopularityModel popularity)
    {
        if (Volatile.Read(ref _popularity) is { } known && ReferenceEquals(known.Popularity, popularity)) return known.Scores;
        var scores = new double[Model.Items.Count];
        for (var item = 0; item < scores.Length; item++) scores[item] = popularity.RelativeScore(Model.Items[item]);
        Volatile.Write(ref _popularity, new Aligned(popularity, scores));
        return scores;
    }

    private sealed record Aligned(PopularityModel Popularity, double[] Scores);

    /// <summary>
    /// <paramref name="item"/>'s row of at most <paramref name="width"/> neighbours, written by <paramref name="write"/>
    /// on its first request and kept with this part. The rows live in one array of items × width cells with no
    /// references, taken uninitialised (pages are committed as rows are written), so a kept row is never an object for
    /// the collector to trace or copy. Concurrent first requests may both write a row; <paramref name="write"/> must
    /// write the same one each time.
    /// </summary>
    internal ReadOnlySpan<(int Item, float Similarity)> NeighbourRow(int item, int width, NeighbourRowWriter write)
    {
        var rows = Volatile.Read(ref _neighbourRows)
            ?? Interlocked.CompareExchange(ref _neighbourRows, new NeighbourRows(Model.Items.Count, width), null) ?? _neighbourRows!;
        if (rows.Width != width) throw new ArgumentOutOfRangeException(nameof(width), width, $"rows of this part are {rows.Width} wide");
        var cells = rows.Cells.AsSpan(item * width, width);
        var stored = Volatile.Read(ref rows.Lengths[item]);
        if (stored == 0)
        {
            stored = write(this, item, cells) + 1;
            Volatile.Write(ref rows.Lengths[item], stored);
        }
        return cells[..(stored - 1)];
    }

    private sealed class NeighbourRows(int items, int width)
    {
        public readonly int Width = width;
        public readonly (int Item, float Similarity)[] Cells = GC.AllocateUninitializedArray<(int Item, float Similarity)>(items * width);
        // A row's length + 1 once written; 0 until then.
        public readonly int[] Lengths = new int[items];
    }

    public string Kind => Model.Kind;

    /// <summary>‖q_i‖ of every item factor row (empty for a model without factors), computed on first use.</summary>
    public float[] ItemNorms => _itemNorms ??= Model.Factors?.ItemFactors.RowNorms() ?? [];

    /// <summary>Cosine between two items' factors, or null when this is no factor model.</summary>
    public float? FactorCosine(int a, int b)
    {
        if (Model.Factors is not { } factors) return null;
        var norms = ItemNorms;
        var denominator = norms[a] * norms[b];
        return denominator > 0 ? OpenMrs.Recommender.Numerics.VectorOps.Dot(factors.ItemFactors.Row(a), factors.ItemFactors.Row(b)) / denominator : 0;
    }
}

/// <summary>The loaded content-to-factors model and its version.</summary>
public sealed record ContentPart(string Version, ContentFactorsModel Model);
