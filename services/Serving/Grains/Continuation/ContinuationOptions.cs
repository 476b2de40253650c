namespace OpenMrs.Serving.Grains.Continuation;

/// <summary>
/// Configuration section <c>Serving:Continuation</c>: the weights of DISCO's next-track rule
/// argmin α‖δ·pred − x_c‖ − β·keysim(last, c) − γ·temposim(last, c), and the candidate pool.
/// </summary>
public sealed class ContinuationOptions
{
    /// <summary>α, flow: how much the candidate's distance from the predicted descriptor vector counts.</summary>
    public double Alpha { get; set; } = 1;
    /// <summary>β, sweetness: weight of the key similarity on the circle of fifths.</summary>
    public double Beta { get; set; } = 1;
    /// <summary>γ, smoothness: weight of the tempo similarity.</summary>
    public double Gamma { get; set; } = 1;
    /// <summary>δ, spicyness: the prediction is scaled by δ before the distance (1.2 leans away from the average track).</summary>
    public double Delta { get; set; } = 1.2;
    /// <summary>Collaborative candidates taken from the personal model (and from popularity when there is none).</summary>
    public int CandidatePool { get; set; } = 300;
    /// <summary>The longest continuation a request may ask for.</summary>
    public int MaxLength { get; set; } = 100;

    public bool IsValid() =>
        new[] { Alpha, Beta, Gamma, Delta }.All(w => double.IsFinite(w) && w >= 0) && CandidatePool >= 1 && MaxLength >= 1;
}
