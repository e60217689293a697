using ResumableUpload.TestSupport;

namespace ResumableUpload.Cli.Tests.Output;

/// <summary><c>status</c> draws a table when stdout is a terminal (colour unless NO_COLOR) and keeps the stable lines when it is not.</summary>
public sealed class StatusViewTests : IDisposable
{
    private readonly TempDirectory temp = new();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Status_InterruptedUpload_TableOnATerminalLinesOtherwise(bool terminal)
    {
        var (checkpoints, source) = await InterruptedUploadAsync();

        var (code, output, error) = await CliInProcess.RunAsync(["status", "--checkpoint", "dir:" + checkpoints], terminal, new Dictionary<string, string> { ["NO_COLOR"] = "1" });

        Assert.True(code == 0, error);
        Assert.DoesNotContain('\x1b', output); // NO_COLOR: no colour, and no escape sequence at all
        if (terminal)
        {
            Assert.Contains("│ Source", output, StringComparison.Ordinal);
            Assert.Matches(@"│\s+[1-3]/3\s+│", output);
        }
        else
        {
            var line = Assert.Single(output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains($"  {source} -> ", line, StringComparison.Ordinal);
            Assert.Matches("  parts [1-3]/3  ", line);
        }
    }

    public void Dispose() => temp.Dispose();

    /// <summary>A checkpoint of an upload stopped after its first part (of three), taken with the library.</summary>
    private async Task<(string Checkpoints, string Source)> InterruptedUploadAsync()
    {
        var source = temp.RandomFile("s.bin", 300_000);
        var checkpoints = temp.SubDirectory("ckpt");
        using var cts = new CancellationTokenSource();
        var uploader = new ResumableUploader(new LocalFolderTarget(temp.SubDirectory("out")), new FileCheckpointStore(checkpoints), new UploadOptions { PartSize = 100 * 1024, PartsInFlight = 1 });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => uploader.UploadAsync(
            new UploadRequest { SourcePath = source, Key = "o.bin", Progress = new RecordingProgress(p => { if (p.CompletedParts >= 1) { cts.Cancel(); } }) },
            cts.Token));
        return (checkpoints, source);
    }
}
