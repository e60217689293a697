using ResumableUpload.TestSupport;

namespace ResumableUpload.Cli.Tests;

/// <summary>Bad input gets a specific one-line message and exit code, never a stack trace (run in a child process, as a user would).</summary>
public class CliExitCodeTests : IDisposable
{
    private readonly TempDirectory temp = new();

    [Fact]
    public async Task Upload_MissingFile_Exit2NamingTheFile()
    {
        var missing = temp.File("nope.bin");
        var (code, output) = await Rupload.RunAsync(["upload", missing, $"file://{temp.Path}/o"]);
        AssertFailure(code, output, 2, missing);
    }

    [Fact]
    public async Task Upload_Directory_Exit2()
    {
        var (code, output) = await Rupload.RunAsync(["upload", temp.Path, $"file://{temp.Path}/o"]);
        AssertFailure(code, output, 2, "is a directory");
    }

    [Theory]
    [InlineData("--part-size", "1KiB", "--part-size (PartSize): must be between 102400 and 5368709120")]
    [InlineData("--part-size", "6GiB", "--part-size (PartSize): must be between")]
    [InlineData("--part-size", "lots", "not a size")]
    [InlineData("--threads", "0", "--threads (PartsInFlight): must be between 1 and 64")]
    [InlineData("--threads", "three", "not a whole number")]
    [InlineData("--checksum", "sha1", "crc64xz")]
    public async Task Upload_BadOption_Exit2NamingTheOption(string option, string value, string expected)
    {
        var source = temp.RandomFile("s.bin", 10);
        var (code, output) = await Rupload.RunAsync(["upload", source, $"file://{temp.Path}/o", option, value]);
        AssertFailure(code, output, 2, expected);
    }

    [Theory]
    [InlineData("--size-hint", "1MiB")]
    [InlineData("--expect-size", "10")]
    [InlineData("--stream-name", "nightly")]
    public async Task Upload_StreamOptionOnAFile_Exit2SayingWhereItApplies(string option, string value)
    {
        var source = temp.RandomFile("s.bin", 10);
        var (code, output) = await Rupload.RunAsync(["upload", source, $"file://{temp.Path}/o", option, value]);
        AssertFailure(code, output, 2, "applies only to stdin");
    }

    [Fact]
    public async Task Upload_StdinShorterThanExpectSize_Exit4NothingCompleted()
    {
        var source = temp.RandomFile("s.bin", 300 * 1024);
        var (code, output) = await Rupload.RunAsync(["upload", "-", $"file://{temp.Path}/o", "--part-size", "100KiB", "--expect-size", "400KiB", "--checkpoint", "dir:" + temp.SubDirectory("ck")], stdin: Rupload.Pipe(source));
        AssertFailure(code, output, 4, "not the 409600 expected");
        Assert.False(File.Exists(temp.File("o")));
    }

    [Theory]
    [InlineData("--target", "s3://b")]
    [InlineData("--cluster", "redis:127.0.0.1:1")]
    public async Task Worker_WithoutClusterOrTarget_Exit2NamingBoth(string option, string value)
    {
        var (code, output) = await Rupload.RunAsync(["worker", option, value]);
        AssertFailure(code, output, 2, "worker needs --cluster redis:<host:port> and --target");
    }

    [Fact]
    public async Task Worker_ClusterNotRedis_Exit2NamingTheForm()
    {
        var (code, output) = await Rupload.RunAsync(["worker", "--cluster", "127.0.0.1:6379", "--target", "s3://b"]);
        AssertFailure(code, output, 2, "--cluster: '127.0.0.1:6379' is not redis:<host:port>.");
    }

    [Fact]
    public async Task Upload_UnknownScheme_Exit2ListingSupportedSchemes()
    {
        var source = temp.RandomFile("s.bin", 10);
        var (code, output) = await Rupload.RunAsync(["upload", source, "ftp://host/o"]);
        AssertFailure(code, output, 2, "Unknown destination scheme 'ftp://'");
    }

    [Fact]
    public async Task Upload_CheckpointDirectoryMissing_Exit2()
    {
        var source = temp.RandomFile("s.bin", 10);
        var (code, output) = await Rupload.RunAsync(["upload", source, $"file://{temp.Path}/o", "--checkpoint", "dir:" + temp.File("missing")]);
        AssertFailure(code, output, 2, "does not exist");
    }

    [Fact]
    public async Task Upload_UnknownOption_Exit2()
    {
        var (code, output) = await Rupload.RunAsync(["upload", "a", "b", "--partsize", "1"]);
        AssertFailure(code, output, 2, "Unknown option '--partsize'");
    }

    [Fact]
    public async Task Upload_CheckpointHeldByAnotherProcess_Exit3AtOnce()
    {
        var source = Path.GetFullPath(temp.RandomFile("s.bin", 300_000));
        var checkpoints = temp.SubDirectory("ckpt");
        var outDir = temp.SubDirectory("out");
        var key = CheckpointKey.For(source, new LocalFolderTarget(outDir).Identity, new ObjectLocation(string.Empty, "o.bin"));
        await using (await new FileCheckpointStore(checkpoints).AcquireAsync(key))
        {
            var (code, output) = await Rupload.RunAsync(["upload", source, $"file://{outDir}/o.bin", "--part-size", "100KiB", "--checkpoint", "dir:" + checkpoints]);
            AssertFailure(code, output, 3, "in use by another upload");
        }

        var (after, afterOutput) = await Rupload.RunAsync(["upload", source, $"file://{outDir}/o.bin", "--part-size", "100KiB", "--checkpoint", "dir:" + checkpoints]);
        Assert.True(after == 0, afterOutput);
    }

    [Fact]
    public async Task Upload_KeyEscapingRoot_Exit2()
    {
        var source = temp.RandomFile("s.bin", 10);
        var (code, output) = await Rupload.RunAsync(["upload", source, "file:///"]);
        AssertFailure(code, output, 2, "file");
    }

    [Fact]
    public async Task Upload_ThenStatusAndAbort_ReportAndCleanUp()
    {
        var source = temp.RandomFile("s.bin", 3L << 20);
        var checkpoints = temp.SubDirectory("ckpt");
        var outDir = temp.SubDirectory("out");
        var (none, noneOutput) = await Rupload.RunAsync(["status", "--checkpoint", "dir:" + checkpoints]);
        Assert.Equal(0, none);
        Assert.Contains("No interrupted uploads", noneOutput, StringComparison.Ordinal);

        // An interrupted upload: take a checkpoint with the library, cancelled after one part.
        using var cts = new CancellationTokenSource();
        var uploader = new ResumableUploader(new LocalFolderTarget(outDir), new FileCheckpointStore(checkpoints), new UploadOptions { PartSize = 1 << 20, PartsInFlight = 1 });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => uploader.UploadAsync(
            new UploadRequest { SourcePath = source, Key = "o.bin", Progress = new RecordingProgress(p => { if (p.CompletedParts >= 1) { cts.Cancel(); } }) },
            cts.Token));

        var (code, output) = await Rupload.RunAsync(["status", "--checkpoint", "dir:" + checkpoints]);
        Assert.Equal(0, code);
        Assert.Matches(@"parts [1-3]/3", output);
        Assert.Contains(source, output, StringComparison.Ordinal);

        var (aborted, abortOutput) = await Rupload.RunAsync(["abort", source, $"file://{outDir}/o.bin", "--checkpoint", "dir:" + checkpoints]);
        Assert.True(aborted == 0, abortOutput);
        Assert.Contains("Aborted", abortOutput, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(checkpoints));
        Assert.Empty(Directory.GetDirectories(Path.Combine(outDir, ".rupload-uploads")));
    }

    [Fact]
    public async Task Upload_DefaultCheckpointStore_CreatesPrivateStateFolder()
    {
        var state = Path.Combine(temp.Path, "state");
        var source = temp.RandomFile("s.bin", 10);
        var (code, output) = await Rupload.RunAsync(["upload", source, $"file://{temp.Path}/o"], new Dictionary<string, string> { ["RUPLOAD_STATE_DIR"] = state });
        Assert.True(code == 0, output);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(state));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(state, "checkpoints")));
    }

    private static void AssertFailure(int code, string output, int expectedCode, string expectedText)
    {
        Assert.True(code == expectedCode, $"exit {code}, expected {expectedCode}: {output}");
        Assert.Contains(expectedText, output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal); // no stack trace
    }

    public void Dispose() => temp.Dispose();
}
