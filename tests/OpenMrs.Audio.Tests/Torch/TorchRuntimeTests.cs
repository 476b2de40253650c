using OpenMrs.Audio.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace OpenMrs.Audio.Tests.Torch;

public sealed class TorchRuntimeTests
{
    [Fact]
    public void Initialises_a_usable_device_and_computes_on_it()
    {
        var runtime = TorchRuntime.EnsureInitialised();

        Assert.Equal(cuda.is_available() ? DeviceType.CUDA : DeviceType.CPU, runtime.Device.type);
        Assert.Equal(runtime.CudaAvailable, cuda.is_available());
        Assert.True(runtime.Threads >= 1);
        Assert.Equal(runtime.Threads, get_num_threads());
        if (OperatingSystem.IsLinux()) Assert.True(runtime.MallocTuned);
        Assert.False(TorchRuntime.NnpackEnabled); // switched off by default through libtorch's global context

        // A matrix product on the chosen device against a managed computation.
        var a = new float[] { 1, 2, 3, 4, 5, 6 };
        var b = new float[] { 7, 8, 9, 10, 11, 12 };
        using var product = matmul(tensor(a, [2, 3], device: runtime.Device), tensor(b, [3, 2], device: runtime.Device)).cpu();
        var expected = new float[] { 1 * 7 + 2 * 9 + 3 * 11, 1 * 8 + 2 * 10 + 3 * 12, 4 * 7 + 5 * 9 + 6 * 11, 4 * 8 + 5 * 10 + 6 * 12 };
        Assert.Equal(expected, product.data<float>().ToArray());
    }

    [Fact]
    public void Later_calls_return_the_same_device()
    {
        var first = TorchRuntime.EnsureInitialised();
        var second = TorchRuntime.EnsureInitialised(new TorchRuntimeOptions { PreferCuda = false });
        Assert.Equal(first.Device.type, second.Device.type);
        Assert.Same(TorchRuntime.Current, second);
    }
}
