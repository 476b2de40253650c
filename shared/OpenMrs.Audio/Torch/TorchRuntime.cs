using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TorchSharp;

namespace OpenMrs.Audio.Torch;

/// <summary>
/// One-time TorchSharp set-up for the process: glibc malloc tuning before the first tensor, thread count,
/// and the device (CUDA when available and wanted, else CPU), logged once. Every torch entry point calls
/// <see cref="EnsureInitialised"/>; the first call's options win, later calls only update the thread count.
/// </summary>
public static class TorchRuntime
{
    private static readonly Lock Gate = new();
    private static TorchRuntimeInfo? _info;

    /// <summary>The chosen runtime, initialising with default options if nothing did yet.</summary>
    public static TorchRuntimeInfo Current => _info ?? EnsureInitialised();

    /// <summary>Whether libtorch may use NNPACK convolutions, or null when the switch is not reachable.</summary>
    public static bool? NnpackEnabled => LibTorchContext.NnpackEnabled();

    public static TorchRuntimeInfo EnsureInitialised(TorchRuntimeOptions? options = null, ILogger? logger = null)
    {
        logger ??= NullLogger.Instance;
        lock (Gate)
        {
            if (_info is not null)
            {
                if (options?.Threads is { } threads && threads != _info.Threads)
                {
                    torch.set_num_threads(threads);
                    _info = _info with { Threads = threads };
                }
                return _info;
            }

            options ??= new TorchRuntimeOptions();
            var mallocTuned = options.TuneMalloc && GlibcMalloc.KeepFreedMemory();
            var threadCount = options.Threads ?? Environment.ProcessorCount;
            if (threadCount < 1) throw new ArgumentOutOfRangeException(nameof(options), threadCount, "Threads must be at least 1.");

            var (device, cudaAvailable, reason) = SelectDevice(options.PreferCuda);
            torch.set_num_threads(threadCount);
            if (options.DisableNnpack && !LibTorchContext.TrySetNnpack(false))
                logger.LogWarning("Could not switch NNPACK off; libtorch may log NNPACK warnings on small-batch convolutions");
            _info = new TorchRuntimeInfo(device, threadCount, cudaAvailable, mallocTuned, reason);
            logger.LogInformation("TorchSharp initialised: {Runtime}", _info);
            return _info;
        }
    }

    private static (torch.Device Device, bool CudaAvailable, string? Reason) SelectDevice(bool preferCuda)
    {
        torch.InitializeDeviceType(DeviceType.CPU);
        bool cudaAvailable;
        try
        {
            cudaAvailable = torch.cuda.is_available();
        }
        catch (Exception e) when (e is InvalidOperationException or DllNotFoundException or NotSupportedException)
        {
            return (torch.CPU, false, e.Message);
        }
        if (!cudaAvailable) return (torch.CPU, false, "torch.cuda.is_available() is false");
        if (!preferCuda) return (torch.CPU, true, "CUDA not wanted by configuration");
        try
        {
            torch.InitializeDeviceType(DeviceType.CUDA);
            return (torch.CUDA, true, null);
        }
        catch (InvalidOperationException e)
        {
            return (torch.CPU, false, e.Message);
        }
    }
}
