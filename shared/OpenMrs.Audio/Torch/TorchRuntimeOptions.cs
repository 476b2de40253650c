namespace OpenMrs.Audio.Torch;

/// <summary>Process-wide TorchSharp settings, applied once by <see cref="TorchRuntime.EnsureInitialised"/>.</summary>
public sealed record TorchRuntimeOptions
{
    /// <summary>Use CUDA when libtorch reports a usable GPU; otherwise (or when false) the CPU.</summary>
    public bool PreferCuda { get; init; } = true;

    /// <summary>Intra-op threads for torch.set_num_threads; null means Environment.ProcessorCount.</summary>
    public int? Threads { get; init; }

    /// <summary>
    /// Keep freed memory in glibc's heap instead of returning it to the OS (mmap_max 0, no trimming).
    /// Tensor-sized allocations otherwise fault fresh pages on every op, which measured 5-10× slower here.
    /// </summary>
    public bool TuneMalloc { get; init; } = true;

    /// <summary>
    /// Turn off libtorch's NNPACK convolutions (torch.backends.nnpack). Where NNPACK cannot initialise (most x86 VMs)
    /// libtorch logs "Could not initialize NNPACK" on every small-batch convolution and uses its other kernels anyway.
    /// </summary>
    public bool DisableNnpack { get; init; } = true;
}
