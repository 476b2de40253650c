using OpenMrs.Audio.Decoding;
using OpenMrs.Testing.TestAudio;

namespace OpenMrs.Audio.Tests.RealAudio;

/// <summary>Every file of the CC0 sample package (FLAC and one AIFF) decodes through ffmpeg.</summary>
public sealed class SamplePackageDecodingTests
{
    [Fact]
    public async Task Every_sample_decodes_to_finite_22050_hz_mono()
    {
        var files = TestAudioFiles.All();
        Assert.True(files.Count >= 100, $"expected the whole sample package, found {files.Count} files in {TestAudioFiles.SamplesDirectory}");
        Assert.Contains(files, f => f.EndsWith(".aiff", StringComparison.OrdinalIgnoreCase));

        var decoder = new AudioDecoder();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (file, ct) =>
        {
            try
            {
                var audio = await decoder.DecodeAsync(file, ct);
                if (audio.SampleRate != 22050 || audio.Samples.Length < 100) failures.Add($"{Path.GetFileName(file)}: {audio.Samples.Length} samples");
                else if (audio.Samples.Any(x => !float.IsFinite(x) || Math.Abs(x) > 4)) failures.Add($"{Path.GetFileName(file)}: non-finite or wild samples");
            }
            catch (AudioDecodeException ex)
            {
                failures.Add($"{Path.GetFileName(file)}: {ex.Reason} {ex.Message}");
            }
        });
        Assert.True(failures.IsEmpty, string.Join("\n", failures));
    }

    [Fact]
    public async Task The_aiff_and_the_flac_of_the_same_sample_decode_alike()
    {
        var aiff = await new AudioDecoder().DecodeAsync(TestAudioFiles.Get("bd_haus.aiff"));
        var flac = await new AudioDecoder().DecodeAsync(TestAudioFiles.Get("bd_haus.flac"));
        Assert.Equal("ffmpeg", aiff.Decoder);
        Assert.InRange(aiff.DurationSeconds, flac.DurationSeconds * 0.9, flac.DurationSeconds * 1.1);
    }
}
