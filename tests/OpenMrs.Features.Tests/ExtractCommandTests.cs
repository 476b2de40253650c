using System.Text.Json;
using OpenMrs.Features.Cli;
using OpenMrs.Testing.TestAudio;

namespace OpenMrs.Features.Tests;

public sealed class ExtractCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("openmrs-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Json_output_has_descriptors_per_file_and_failures_make_the_exit_code_1()
    {
        var clicks = Path.Combine(_dir, "clicks.wav");
        WavWriter.Write(clicks, Signals.ClickTrack(100, 6), 22050);
        var flac = TestAudioFiles.Get("loop_amen.flac");
        var missing = Path.Combine(_dir, "missing.wav");
        var output = new StringWriter();
        var errors = new StringWriter();

        var code = await ExtractCommand.RunAsync([clicks, flac, missing, "--json"], output, errors);

        Assert.Equal(1, code);
        var results = JsonDocument.Parse(output.ToString()).RootElement.EnumerateArray().ToList();
        Assert.Equal(3, results.Count);
        Assert.True(results[0].GetProperty("ok").GetBoolean());
        Assert.InRange(results[0].GetProperty("descriptors").GetProperty("tempoBpm").GetDouble(), 96, 104);
        Assert.True(results[1].GetProperty("ok").GetBoolean());
        Assert.True(results[1].GetProperty("embeddingNorm").GetDouble() > 0);
        Assert.False(results[2].GetProperty("ok").GetBoolean());
        Assert.Equal("FileNotFound", results[2].GetProperty("error").GetString());
        Assert.Contains("FileNotFound", errors.ToString());
    }

    [Fact]
    public async Task Text_output_succeeds_with_exit_code_0_and_no_files_is_a_usage_error()
    {
        var tone = Path.Combine(_dir, "tone.wav");
        WavWriter.Write(tone, Signals.HarmonicNote(220, 3), 22050);
        var output = new StringWriter();

        Assert.Equal(0, await ExtractCommand.RunAsync([tone], output, TextWriter.Null));
        Assert.Contains("embedding 128-d", output.ToString());
        Assert.Equal(2, await ExtractCommand.RunAsync([], TextWriter.Null, TextWriter.Null));
    }

    [Fact]
    public async Task Missing_model_weights_are_one_line_and_exit_code_2()
    {
        var tone = Path.Combine(_dir, "tone.wav");
        WavWriter.Write(tone, Signals.HarmonicNote(220, 1), 22050);
        var missing = Path.Combine(_dir, "no-such-weights.bin");
        var errors = new StringWriter();

        Assert.Equal(2, await ExtractCommand.RunAsync([tone, "--model", missing], TextWriter.Null, errors));
        var line = Assert.Single(errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"extract: --model {missing}: ", line);
    }
}
