using System.Reflection;
using OpenMrs.Build;
using TorchSharp;

namespace OpenMrs.Audio.Tests.Torch;

public sealed class ElfVersionNeedPatcherTests : IDisposable
{
    private const string Version = "GLIBCXX_3.4.32";
    private readonly string _directory = Directory.CreateTempSubdirectory("elf-patch-").FullName;

    [Fact]
    public void The_built_library_has_the_requirement_marked_weak()
    {
        var built = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(built), $"missing {built}");
        var flags = ElfVersionNeedPatcher.ReadFlags(built, Version);
        Assert.NotNull(flags);
        Assert.Equal(ElfVersionNeedPatcher.VerFlagWeak, flags!.Value & ElfVersionNeedPatcher.VerFlagWeak);
    }

    [Fact]
    public void Patches_the_shipped_library_once_changing_only_the_flag()
    {
        var copy = Path.Combine(_directory, "libLibTorchSharp.so");
        File.Copy(ShippedLibrary(), copy);
        var before = File.ReadAllBytes(copy);
        var stamp = File.GetLastWriteTimeUtc(copy);
        Assert.Equal(0, ElfVersionNeedPatcher.ReadFlags(copy, Version)!.Value & ElfVersionNeedPatcher.VerFlagWeak);

        Assert.Equal(ElfPatchOutcome.Patched, ElfVersionNeedPatcher.MarkWeak(copy, Version));
        var after = File.ReadAllBytes(copy);
        Assert.Equal(ElfVersionNeedPatcher.VerFlagWeak, ElfVersionNeedPatcher.ReadFlags(copy, Version)!.Value & ElfVersionNeedPatcher.VerFlagWeak);
        Assert.Equal(before.Length, after.Length);
        var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToList();
        Assert.Single(changed); // the low byte of vna_flags gains 0x2
        Assert.Equal(before[changed[0]] | 0x2, after[changed[0]]);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(copy));

        Assert.Equal(ElfPatchOutcome.AlreadyWeak, ElfVersionNeedPatcher.MarkWeak(copy, Version));
        Assert.Equal(after, File.ReadAllBytes(copy));
    }

    [Fact]
    public void Leaves_files_alone_that_do_not_ask_for_the_version()
    {
        var copy = Path.Combine(_directory, "lib.so");
        File.Copy(ShippedLibrary(), copy);
        var before = File.ReadAllBytes(copy);
        Assert.Null(ElfVersionNeedPatcher.ReadFlags(copy, "GLIBCXX_9.9.99"));
        Assert.Equal(ElfPatchOutcome.NotRequired, ElfVersionNeedPatcher.MarkWeak(copy, "GLIBCXX_9.9.99"));
        Assert.Equal(before, File.ReadAllBytes(copy));
    }

    [Fact]
    public void Rejects_a_file_that_is_not_elf()
    {
        var text = Path.Combine(_directory, "not-elf.so");
        File.WriteAllText(text, new string('x', 200));
        Assert.Throws<InvalidDataException>(() => ElfVersionNeedPatcher.MarkWeak(text, Version));
    }

    /// <summary>The unpatched library as restored from NuGet.</summary>
    private static string ShippedLibrary()
    {
        var version = typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var path = Path.Combine(packages, "torchsharp", version, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(path), $"the restored TorchSharp package is expected at {path}");
        return path;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
