using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Evaluation.Splits;
using OpenMrs.Recommender.Numerics;
using OpenMrs.Recommender.Persistence;

namespace OpenMrs.Recommender.Models.Blend;

/// <summary>
/// A weighted blend of two or more models: score(t) = Σ_m w_m · normalise_m(score_m(t)), where each member's dense
/// scores for the user are normalised over the candidate items (z-score by default, see <see cref="ScoreNormalisation"/>),
/// so that a member with larger raw scores does not drown the others. Weights are relative (only their ratios matter).
/// <list type="bullet">
/// <item>Fit fits every member on the same matrix (and, with <see cref="BlendOptions.Learn"/>, first learns the weights on a validation holdout carved from it).</item>
/// <item>Explain delegates to the member whose weighted, normalised score for the item is largest (the next one if it cannot explain).</item>
/// <item>SimilarItems blends the members' similar-item lists the same way; an item a member does not list gets that member's lowest listed value.</item>
/// <item>Save writes the weights and each member's kind and payload; the file holds every member's copy of the training matrix.</item>
/// </list>
/// </summary>
public sealed class BlendModel : RecommenderBase
{
    public const string KindName = "blend";
    private readonly RecommenderBase[] _members;
    private float[] _weights;

    /// <summary>A new, unfitted blend; its members are created from the catalogue with <paramref name="seed"/>.</summary>
    public BlendModel(BlendOptions options, int seed = 42)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Members.Count == 0) throw new ModelOptionException("a blend needs at least one member");
        Options = options;
        _members = [.. options.Members.Select(m => AsBase(ModelCatalog.Create(m.Name, m.Options, seed)))];
        _weights = options.Weights is { } w
            ? w.Count == _members.Length ? [.. w] : throw new ModelOptionException($"a blend of {_members.Length} members needs {_members.Length} weights, got {w.Count}")
            : [.. Enumerable.Repeat(1f / _members.Length, _members.Length)];
    }

    private BlendModel(RecommenderBase[] members, float[] weights, ScoreNormalisation normalisation)
    {
        _members = members;
        _weights = weights;
        Options = new BlendOptions
        {
            Members = [.. members.Select(m => new BlendMember(m.Kind, new Dictionary<string, string>()))],
            Weights = weights,
            Normalisation = normalisation,
        };
        RestoreFitted(members[0].UserItems);
    }

    /// <summary>
    /// A blend of members that are already fitted on the same matrix, e.g. to score a candidate weighting. Throws
    /// <see cref="ArgumentException"/> when a member is not a catalogue model, is unfitted, or was fitted on other shapes.
    /// </summary>
    public static BlendModel FromFitted(IReadOnlyList<IRecommender> members, IReadOnlyList<float> weights, ScoreNormalisation normalisation = ScoreNormalisation.ZScore)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(weights);
        if (members.Count == 0 || members.Count != weights.Count) throw new ArgumentException($"need one weight per member, got {members.Count} members and {weights.Count} weights");
        var bases = members.Select(AsBase).ToArray();
        var shape = bases[0].IsFitted ? (bases[0].UserCount, bases[0].ItemCount) : throw new ArgumentException($"member {bases[0].Kind} is not fitted");
        foreach (var member in bases)
            if (!member.IsFitted || (member.UserCount, member.ItemCount) != shape)
                throw new ArgumentException($"member {member.Kind} is not fitted on the same {shape.UserCount}×{shape.ItemCount} matrix as the others");
        return new BlendModel(bases, [.. weights], normalisation);
    }

    private static RecommenderBase AsBase(IRecommender model) =>
        model as RecommenderBase ?? throw new ArgumentException($"model {model.Kind} does not derive from RecommenderBase and cannot be blended");

    public override string Kind => KindName;
    public BlendOptions Options { get; }
    public IReadOnlyList<IRecommender> Members => _members;

    /// <summary>The weights in use, one per member (learned ones after a Fit with <see cref="BlendOptions.Learn"/>).</summary>
    public IReadOnlyList<float> Weights => _weights;

    /// <summary>The outcome of the last weight search, when Fit learned the weights.</summary>
    public LearnedBlend? Learned { get; private set; }

    protected override void FitCore(InteractionMatrix interactions, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var steps = _members.Length * (Options.Learn ? 2 : 1);
        var done = 0;
        if (Options.Learn)
        {
            var split = new HoldoutSplit(Options.ValidationFraction, MinItems: 2, Seed: Options.Learning.Seed).Split(interactions);
            foreach (var member in _members)
            {
                member.Fit(split.Train, null, cancellationToken);
                progress?.Report(new TrainingProgress(++done, steps, null));
            }
            Learned = BlendWeights.Learn(_members, split.Train.UserItems, split.Test.UserItems,
                Options.Learning with { Normalisation = Options.Normalisation }, cancellationToken);
            _weights = [.. Learned.Weights];
        }
        foreach (var member in _members)
        {
            member.Fit(interactions, null, cancellationToken);
            progress?.Report(new TrainingProgress(++done, steps, null));
        }
    }

    protected override void FitCore(CsrMatrix userItems, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken) =>
        throw new NotSupportedException("a blend fits its members on the interaction matrix itself");

    protected override void ScoreUser(int user, Span<float> scores)
    {
        scores.Clear();
        var buffer = new float[ItemCount];
        var history = UserItems.RowIndices(user);
        for (var m = 0; m < _members.Length; m++)
        {
            _members[m].ScoreUserInto(user, buffer);
            ScoreNormaliser.Fit(buffer, history, Options.Normalisation).AddTo(buffer, _weights[m], scores);
        }
    }

    protected override void ScoreHistory(SparseRow history, Span<float> scores)
    {
        scores.Clear();
        var buffer = new float[ItemCount];
        for (var m = 0; m < _members.Length; m++)
        {
            _members[m].ScoreHistoryInto(history, buffer);
            ScoreNormaliser.Fit(buffer, history.Indices, Options.Normalisation).AddTo(buffer, _weights[m], scores);
        }
    }

    public override ScoredItem[] SimilarItems(int item, int count)
    {
        CheckItem(item);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var total = new float[ItemCount];
        var listed = new bool[ItemCount];
        var buffer = new float[ItemCount];
        for (var m = 0; m < _members.Length; m++)
        {
            Array.Fill(buffer, float.NaN);
            foreach (var similar in _members[m].SimilarItems(item, ItemCount))
            {
                buffer[similar.Item] = similar.Score;
                listed[similar.Item] = true;
            }
            var normaliser = ScoreNormaliser.Fit(buffer, [item], Options.Normalisation);
            var lowest = float.PositiveInfinity;
            foreach (var s in buffer) if (float.IsFinite(s)) lowest = Math.Min(lowest, s);
            for (var j = 0; j < buffer.Length; j++)
                if (!float.IsFinite(buffer[j])) buffer[j] = float.IsFinite(lowest) ? lowest : normaliser.Offset;
            normaliser.AddTo(buffer, _weights[m], total);
        }
        for (var j = 0; j < total.Length; j++) if (!listed[j]) total[j] = float.NegativeInfinity;
        return TopK.Select(total, count, [item]);
    }

    public override Contribution[] Explain(SparseRow history, int item, int count)
    {
        base.Explain(history, item, count);
        var buffer = new float[ItemCount];
        var shares = new (int Member, float Share)[_members.Length];
        for (var m = 0; m < _members.Length; m++)
        {
            _members[m].ScoreHistoryInto(history, buffer);
            var share = _weights[m] * ScoreNormaliser.Fit(buffer, history.Indices, Options.Normalisation).Apply(buffer[item]);
            shares[m] = (m, float.IsFinite(share) ? share : float.NegativeInfinity);
        }
        foreach (var (member, _) in shares.OrderByDescending(s => s.Share).ThenBy(s => s.Member))
        {
            var explanation = _members[member].Explain(history, item, count);
            if (explanation.Length > 0) return explanation;
        }
        return [];
    }

    public override void Save(BinaryWriter writer)
    {
        writer.Write(_members.Length);
        writer.WriteArray(_weights);
        writer.Write((int)Options.Normalisation);
        foreach (var member in _members)
        {
            writer.Write(member.Kind);
            member.Save(writer);
        }
    }

    public static BlendModel Load(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        if (count is < 1 or > 64) throw new ModelFormatException($"a blend file names {count} members");
        var weights = reader.ReadArray<float>();
        if (weights.Length != count) throw new ModelFormatException("blend weights do not match its members");
        var normalisation = (ScoreNormalisation)reader.ReadInt32();
        if (!Enum.IsDefined(normalisation)) throw new ModelFormatException($"unknown score normalisation {(int)normalisation}");
        var members = new RecommenderBase[count];
        for (var m = 0; m < count; m++)
            members[m] = ModelCatalog.Load(reader.ReadString(), reader) as RecommenderBase
                ?? throw new ModelFormatException("a blend member is not a catalogue model");
        if (members.Any(m => m.UserCount != members[0].UserCount || m.ItemCount != members[0].ItemCount))
            throw new ModelFormatException("blend members were fitted on different matrices");
        return new BlendModel(members, weights, normalisation);
    }
}
