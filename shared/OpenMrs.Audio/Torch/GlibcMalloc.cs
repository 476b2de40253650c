using System.Runtime.InteropServices;

namespace OpenMrs.Audio.Torch;

/// <summary>glibc malloc tuning via mallopt; a no-op off Linux or where libc lacks it.</summary>
internal static partial class GlibcMalloc
{
    private const int MallocTrimThreshold = -1; // M_TRIM_THRESHOLD
    private const int MallocMmapMax = -4;       // M_MMAP_MAX

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int MallOpt(int parameter, int value);

    /// <summary>Serve every allocation from the heap (never mmap) and never trim it; true when both settings took.</summary>
    public static bool KeepFreedMemory()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return MallOpt(MallocMmapMax, 0) == 1 & MallOpt(MallocTrimThreshold, int.MaxValue) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // not glibc (e.g. musl): nothing to tune
        }
    }
}
