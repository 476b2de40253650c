// Compiled twice: by the MSBuild inline task in the root Directory.Build.targets (with the task class below)
// and by OpenMrs.Audio.Tests (with ELF_PATCHER_NO_TASK) to test the patcher on the real libLibTorchSharp.so.
using System;
using System.IO;
using System.Text;

namespace OpenMrs.Build
{
    public enum ElfPatchOutcome
    {
        /// <summary>The requirement was strong and is now weak.</summary>
        Patched,
        /// <summary>The requirement is already weak: nothing written.</summary>
        AlreadyWeak,
        /// <summary>The file does not ask for that version: nothing written.</summary>
        NotRequired,
    }

    /// <summary>
    /// Marks one symbol-version requirement (e.g. GLIBCXX_3.4.32) as weak (VER_FLG_WEAK) in a 64-bit little-endian
    /// ELF file's SHT_GNU_verneed table, so the dynamic loader accepts an older library that lacks that version.
    /// Only the two flag bytes of the matching Vernaux entry change; the file's timestamp is kept.
    /// </summary>
    public static class ElfVersionNeedPatcher
    {
        public const ushort VerFlagWeak = 0x2;
        private const uint ShtGnuVerneed = 0x6ffffffe;

        public static ElfPatchOutcome MarkWeak(string path, string versionName, bool dryRun = false)
        {
            var lastWrite = File.GetLastWriteTimeUtc(path);
            ElfPatchOutcome outcome;
            using (var file = new FileStream(path, FileMode.Open, dryRun ? FileAccess.Read : FileAccess.ReadWrite, FileShare.Read))
            {
                var offset = FindVernauxFlagsOffset(file, versionName, out var flags);
                if (offset < 0) return ElfPatchOutcome.NotRequired;
                if ((flags & VerFlagWeak) != 0) return ElfPatchOutcome.AlreadyWeak;
                if (!dryRun)
                {
                    file.Position = offset;
                    var value = (ushort)(flags | VerFlagWeak);
                    file.Write(new[] { (byte)value, (byte)(value >> 8) }, 0, 2);
                }
                outcome = ElfPatchOutcome.Patched;
            }
            // Keep the timestamp so incremental copies (SkipUnchangedFiles) still see the file as up to date.
            if (!dryRun) File.SetLastWriteTimeUtc(path, lastWrite);
            return outcome;
        }

        /// <summary>The vna_flags of the named requirement, or null when the file does not ask for it.</summary>
        public static ushort? ReadFlags(string path, string versionName)
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return FindVernauxFlagsOffset(file, versionName, out var flags) < 0 ? null : flags;
        }

        private static long FindVernauxFlagsOffset(FileStream file, string versionName, out ushort flags)
        {
            flags = 0;
            var ident = Read(file, 0, 64);
            if (ident[0] != 0x7f || ident[1] != (byte)'E' || ident[2] != (byte)'L' || ident[3] != (byte)'F')
                throw new InvalidDataException(file.Name + " is not an ELF file.");
            if (ident[4] != 2 || ident[5] != 1)
                throw new InvalidDataException(file.Name + " is not a 64-bit little-endian ELF file.");

            var sectionTable = (long)BitConverter.ToUInt64(ident, 0x28);
            int sectionSize = BitConverter.ToUInt16(ident, 0x3A), sectionCount = BitConverter.ToUInt16(ident, 0x3C);
            for (var i = 0; i < sectionCount; i++)
            {
                var header = Read(file, sectionTable + (long)i * sectionSize, 64);
                if (BitConverter.ToUInt32(header, 4) != ShtGnuVerneed) continue;
                var tableOffset = (long)BitConverter.ToUInt64(header, 0x18);
                var linkedStrings = BitConverter.ToUInt32(header, 0x28);
                var entries = BitConverter.ToUInt32(header, 0x2C); // sh_info: number of Verneed entries
                var strings = Read(file, sectionTable + (long)linkedStrings * sectionSize, 64);
                var stringsOffset = (long)BitConverter.ToUInt64(strings, 0x18);
                var stringsSize = (long)BitConverter.ToUInt64(strings, 0x20);

                var need = tableOffset;
                for (var n = 0; n < entries; n++)
                {
                    var verneed = Read(file, need, 16);
                    int auxCount = BitConverter.ToUInt16(verneed, 2);
                    var aux = need + BitConverter.ToUInt32(verneed, 8);
                    for (var a = 0; a < auxCount; a++)
                    {
                        var vernaux = Read(file, aux, 16);
                        var name = ReadString(file, stringsOffset, stringsSize, BitConverter.ToUInt32(vernaux, 8));
                        if (name == versionName)
                        {
                            flags = BitConverter.ToUInt16(vernaux, 4);
                            return aux + 4;
                        }
                        var nextAux = BitConverter.ToUInt32(vernaux, 12);
                        if (nextAux == 0) break;
                        aux += nextAux;
                    }
                    var nextNeed = BitConverter.ToUInt32(verneed, 12);
                    if (nextNeed == 0) break;
                    need += nextNeed;
                }
            }
            return -1;
        }

        private static byte[] Read(FileStream file, long offset, int count)
        {
            var buffer = new byte[count];
            file.Position = offset;
            var read = 0;
            while (read < count)
            {
                var n = file.Read(buffer, read, count - read);
                if (n == 0) throw new InvalidDataException(file.Name + " is truncated.");
                read += n;
            }
            return buffer;
        }

        private static string ReadString(FileStream file, long tableOffset, long tableSize, uint index)
        {
            var bytes = new MemoryStream();
            file.Position = tableOffset + index;
            for (long i = index; i < tableSize; i++)
            {
                var b = file.ReadByte();
                if (b <= 0) break;
                bytes.WriteByte((byte)b);
            }
            return Encoding.ASCII.GetString(bytes.ToArray());
        }
    }

#if !ELF_PATCHER_NO_TASK
    /// <summary>MSBuild task: weakens a version requirement in each given ELF file that exists.</summary>
    public sealed class WeakenElfVersionNeed : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required]
        public Microsoft.Build.Framework.ITaskItem[] Files { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();

        [Microsoft.Build.Framework.Required]
        public string VersionName { get; set; } = "";

        public override bool Execute()
        {
            foreach (var item in Files)
            {
                var path = item.ItemSpec;
                if (!File.Exists(path)) continue;
                try
                {
                    var outcome = ElfVersionNeedPatcher.MarkWeak(path, VersionName);
                    if (outcome == ElfPatchOutcome.Patched)
                        Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal, "Marked " + VersionName + " weak in " + path);
                }
                catch (Exception e) when (e is IOException || e is InvalidDataException || e is UnauthorizedAccessException)
                {
                    Log.LogWarning("Could not weaken " + VersionName + " in " + path + ": " + e.Message);
                }
            }
            return true;
        }
    }
#endif
}
