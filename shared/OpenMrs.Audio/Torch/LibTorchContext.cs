using System.Runtime.InteropServices;

namespace OpenMrs.Audio.Torch;

/// <summary>
/// Switches on libtorch's global at::Context that TorchSharp 0.107 does not expose, bound by their C++ symbol names.
/// Every call degrades to "unknown" (null/false) when the symbol is missing, e.g. in a different libtorch build.
/// </summary>
internal static partial class LibTorchContext
{
    private const string Library = "libtorch_cpu";

    [LibraryImport(Library, EntryPoint = "_ZN2at13globalContextEv")]
    private static partial IntPtr GlobalContext();

    [LibraryImport(Library, EntryPoint = "_ZN2at7Context20setUserEnabledNNPACKEb")]
    private static partial void SetUserEnabledNnpack(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [LibraryImport(Library, EntryPoint = "_ZNK2at7Context17userEnabledNNPACKEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static partial bool UserEnabledNnpack(IntPtr context);

    /// <summary>torch.backends.nnpack.set_flags(enabled); false when the switch could not be reached.</summary>
    public static bool TrySetNnpack(bool enabled)
    {
        try
        {
            SetUserEnabledNnpack(GlobalContext(), enabled);
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Whether convolutions may use NNPACK, or null when unknown.</summary>
    public static bool? NnpackEnabled()
    {
        try
        {
            return UserEnabledNnpack(GlobalContext());
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }
}
