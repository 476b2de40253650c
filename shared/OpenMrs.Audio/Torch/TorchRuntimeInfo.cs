using TorchSharp;

namespace OpenMrs.Audio.Torch;

/// <summary>What <see cref="TorchRuntime.EnsureInitialised"/> chose for this process.</summary>
public sealed record TorchRuntimeInfo(torch.Device Device, int Threads, bool CudaAvailable, bool MallocTuned, string? CudaUnavailableReason)
{
    public bool IsCuda => Device.type == DeviceType.CUDA;

    public override string ToString() =>
        $"torch device {Device} (threads {Threads}, malloc tuned {MallocTuned}"
        + (CudaUnavailableReason is null ? ")" : $", CUDA unavailable: {CudaUnavailableReason})");
}
