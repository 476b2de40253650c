using System.Collections.Concurrent;
using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Models.Factorization;
using OpenMrs.Recommender.Models.Weighting;
using OpenMrs.Recommender.Numerics;

namespace OpenMrs.Recommender.Models.Als;

/// <summary>
/// Weighted matrix factorisation for implicit feedback (Hu, Koren, Volinsky 2008) fitted by alternating least squares.
/// Each half-iteration precomputes G = YᵀY + λI once, then solves every row in parallel with a few warm-started
/// conjugate-gradient steps (<see cref="ImplicitConjugateGradient"/>), never forming a row's k×k system.
/// </summary>
public sealed class ImplicitAlsModel(AlsOptions options) : FactorModel
{
    public const string KindName = "als";
    private double[]? _itemGram;

    public AlsOptions Options { get; private set; } = options;

    /// <summary>
    /// Warm start: item factors (items × k, the rows of the matrix the next <c>Fit</c> gets) to start from instead of
    /// the seeded uniform draw, e.g. the previous model's rows mapped by item id with new items drawn fresh. Used once,
    /// by the next fit; the user side is solved first, so it needs no start.
    /// </summary>
    /// <exception cref="ArgumentException">On fit, when the shape does not match the matrix and the options' factors.</exception>
    public FactorMatrix? InitialItemFactors { get; set; }
    public Confidence Confidence { get; private set; } = null!;
    public override string Kind => KindName;

    protected override void FitCore(CsrMatrix userItems, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        Confidence = Confidence.Fit(userItems, Options.Confidence, Options.Alpha, Options.Epsilon, Options.Weighting);
        var userConfidence = Confidence.Apply(userItems);
        var itemConfidence = userConfidence.Transpose();
        var k = FitRank(Options.Factors, AlsOptions.DefaultFactors, userItems);
        var users = FactorMatrix.Uniform(userItems.Rows, k, Options.InitScale, Options.Seed);
        var items = InitialItemFactors ?? FactorMatrix.Uniform(userItems.Columns, k, Options.InitScale, Options.Seed + 1);
        if (items.Rows != userItems.Columns || items.Factors != k)
            throw new ArgumentException($"warm-start item factors are {items.Rows} × {items.Factors}, the fit needs {userItems.Columns} × {k}");
        InitialItemFactors = null;
        for (var iteration = 0; iteration < Options.Iterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            SolveSide(userConfidence, items, users, Options, cancellationToken);
            SolveSide(itemConfidence, users, items, Options, cancellationToken);
            if (progress is not null)
                progress.Report(new TrainingProgress(iteration + 1, Options.Iterations,
                    AlsLoss.Compute(userConfidence, users, items, Options.Regularization, Options.Threads)));
        }
        UserFactors = users;
        ItemFactors = items;
        _itemGram = null;
    }

    /// <summary>One half-iteration: every row of <paramref name="solved"/> against the fixed <paramref name="fixedSide"/>.</summary>
    public static void SolveSide(CsrMatrix confidences, FactorMatrix fixedSide, FactorMatrix solved, AlsOptions options, CancellationToken cancellationToken = default)
    {
        var k = fixedSide.Factors;
        var threads = options.Threads > 0 ? options.Threads : Environment.ProcessorCount;
        var gram = GramMatrix.Compute(fixedSide, threads);
        if (options.Solver == AlsSolver.Cholesky)
        {
            Parallel.For(0, confidences.Rows, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken }, row =>
            {
                var x = FoldIn.Implicit(fixedSide, gram, confidences.RowIndices(row).ToArray(), confidences.RowValues(row).ToArray(), options.Regularization);
                x.CopyTo(solved.Row(row));
            });
            return;
        }

        for (var f = 0; f < k; f++) gram[f * k + f] += options.Regularization;
        var gramFloat = GramMatrix.ToFloat(gram);
        var longestRow = 0;
        for (var row = 0; row < confidences.Rows; row++) longestRow = Math.Max(longestRow, confidences.RowLength(row));
        var scratchLength = ImplicitConjugateGradient.ScratchLength(k, longestRow);
        if (threads == 1)
        {
            var scratch = new float[scratchLength];
            SolveRows(0, confidences.Rows, confidences, fixedSide, solved, gramFloat, options.CgSteps, scratch);
            return;
        }
        var chunk = Math.Clamp(confidences.Rows / (threads * 16), 64, 4096);
        Parallel.ForEach(
            Partitioner.Create(0, confidences.Rows, chunk),
            new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken },
            () => new float[scratchLength],
            (range, _, scratch) =>
            {
                SolveRows(range.Item1, range.Item2, confidences, fixedSide, solved, gramFloat, options.CgSteps, scratch);
                return scratch;
            },
            _ => { });
    }

    private static void SolveRows(int from, int to, CsrMatrix confidences, FactorMatrix fixedSide, FactorMatrix solved, float[] gram, int steps, float[] scratch)
    {
        for (var row = from; row < to; row++)
            ImplicitConjugateGradient.SolveRow(gram, fixedSide, confidences.RowIndices(row), confidences.RowValues(row), solved.Row(row), steps, scratch);
    }

    public override FoldInProblem DescribeFoldIn(SparseRow history)
    {
        _itemGram ??= ItemFactors.Gram();
        return FoldIn.ImplicitProblem(ItemFactors, _itemGram, history.Indices, Confidence.Apply(history), Options.Regularization);
    }

    /// <summary>Confidences are per item except under BM25, whose length normalisation uses the whole row.</summary>
    public override bool FoldInWeightsPerItem => Confidence.Weighting.Scheme is not WeightingScheme.Bm25;

    public override void Save(BinaryWriter writer)
    {
        writer.Write(Options.Regularization);
        Confidence.Save(writer);
        SaveFactors(writer);
    }

    public static ImplicitAlsModel Load(BinaryReader reader)
    {
        var regularization = reader.ReadSingle();
        var confidence = Confidence.Load(reader);
        var model = new ImplicitAlsModel(new AlsOptions { Regularization = regularization }) { Confidence = confidence };
        model.LoadFactors(reader);
        model.Options = model.Options with { Factors = model.ItemFactors.Factors };
        return model;
    }
}
