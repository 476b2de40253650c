using OpenMrs.Contracts;

namespace OpenMrs.Features.Configuration;

/// <summary>Configuration section <c>Features</c>; every key is described in services/Features/README.md.</summary>
public sealed class FeaturesOptions
{
    public const string SectionName = "Features";

    public string InputTopic { get; set; } = Topics.Tracks;
    public string OutputTopic { get; set; } = Topics.TrackFeatures;
    public string ConsumerGroup { get; set; } = "features";

    /// <summary>A CNN weights file; takes precedence over the model store.</summary>
    public string? ModelPath { get; set; }
    /// <summary>Kind under which trained audio CNNs are published in the model store; its latest version is used.</summary>
    public string ModelKind { get; set; } = "audio-cnn";
    /// <summary>Architecture and seed of the random initialisation used when no trained weights exist.</summary>
    public string Architecture { get; set; } = "cnn-m";
    public int RandomSeed { get; set; } = 42;

    /// <summary>Most tracks per CNN forward pass, and how long the first track of a batch waits for company.</summary>
    public int MaxBatchSize { get; set; } = 8;
    public int MaxBatchWaitMs { get; set; } = 200;
    /// <summary>Audio files decoded at once (each one is an ffmpeg process unless it is a PCM WAV).</summary>
    public int MaxConcurrentDecodes { get; set; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Minutes between training rounds of the audio CNN on the tracks seen (towards the newest als); 0 = never.</summary>
    public double TrainIntervalMinutes { get; set; }
    /// <summary>Architecture those rounds train ("cnn-a" with the tanh head, "cnn-c" with the cosine head).</summary>
    public string TrainArchitecture { get; set; } = "cnn-a";
    /// <summary>Overrides of the architecture's epochs and input size for those rounds; empty = its defaults.</summary>
    public int? TrainEpochs { get; set; }
    public int? TrainMelBands { get; set; }
    public int? TrainFrames { get; set; }

    /// <summary>Tracks remembered for re-embedding when the CNN weights change (the first this many seen).</summary>
    public int MaxKnownTracks { get; set; } = 100_000;

    public double MaxAudioSeconds { get; set; } = 20 * 60;
    public int DecodeTimeoutSeconds { get; set; } = 60;

    public long MaxDownloadBytes { get; set; } = 200L * 1024 * 1024;
    public int DownloadTimeoutSeconds { get; set; } = 60;

    /// <summary>Where audio may be read or downloaded from.</summary>
    public AudioSourcesOptions AudioSources { get; set; } = new();

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(InputTopic) || string.IsNullOrWhiteSpace(OutputTopic) || string.IsNullOrWhiteSpace(ConsumerGroup))
            throw new InvalidOperationException("Features:InputTopic, Features:OutputTopic and Features:ConsumerGroup must not be empty");
        if (MaxBatchSize < 1) throw new InvalidOperationException($"Features:MaxBatchSize must be at least 1, got {MaxBatchSize}");
        if (MaxBatchWaitMs < 0) throw new InvalidOperationException($"Features:MaxBatchWaitMs must not be negative, got {MaxBatchWaitMs}");
        if (TrainIntervalMinutes < 0) throw new InvalidOperationException($"Features:TrainIntervalMinutes must not be negative, got {TrainIntervalMinutes}");
        if (MaxKnownTracks < 0) throw new InvalidOperationException($"Features:MaxKnownTracks must not be negative, got {MaxKnownTracks}");
        if (MaxConcurrentDecodes < 1) throw new InvalidOperationException($"Features:MaxConcurrentDecodes must be at least 1, got {MaxConcurrentDecodes}");
        if (MaxAudioSeconds <= 0 || DecodeTimeoutSeconds <= 0 || DownloadTimeoutSeconds <= 0 || MaxDownloadBytes <= 0)
            throw new InvalidOperationException("Features:MaxAudioSeconds, DecodeTimeoutSeconds, DownloadTimeoutSeconds and MaxDownloadBytes must be positive");
        if (AudioSources.LocalRoots.Any(r => !Path.IsPathFullyQualified(r)))
            throw new InvalidOperationException("Features:AudioSources:LocalRoots must be absolute paths");
        if (AudioSources.AllowedHosts.Any(h => string.IsNullOrWhiteSpace(h) || h.Contains('/') || h.LastIndexOf('*') > 0 || h.StartsWith('*') && !h.StartsWith("*.", StringComparison.Ordinal)))
            throw new InvalidOperationException("Features:AudioSources:AllowedHosts must be host names, optionally starting with '*.'");
    }
}
