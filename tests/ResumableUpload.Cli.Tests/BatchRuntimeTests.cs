using ResumableUpload.TestSupport;

namespace ResumableUpload.Cli.Tests;

/// <summary>
/// A batch re-executes the real CLI with tiered compilation off (DECISIONS 49): the re-executed process says so under
/// <c>--verbose</c> (only it finds its own process id as the marker) and uploads every file, once even when a marker was
/// exported; a user's own <c>DOTNET_TieredCompilation</c> is obeyed, and a single file is not re-executed.
/// </summary>
public class BatchRuntimeTests : IDisposable
{
    private const string Entered = "batch runtime: tiered compilation off";
    private readonly TempDirectory temp = new();

    [Fact]
    public async Task UploadDirectory_Verbose_RunsReexecutedWithTieredCompilationOff()
    {
        var source = MakeTree();
        var outDir = temp.SubDirectory("out");

        var (code, output) = await Rupload.RunAsync(["upload", source, $"file://{outDir}/p/", "--part-size", "100KiB", "--checkpoint", "dir:" + temp.SubDirectory("ckpt"), "--progress", "none", "--verbose"]);

        Assert.True(code == 0, output);
        Assert.Contains(Entered, output, StringComparison.Ordinal);
        Assert.Contains("Uploaded 2, skipped as already done 0, failed 0", output, StringComparison.Ordinal);
        Assert.True(TestData.FilesEqual(Path.Combine(source, "a.bin"), Path.Combine(outDir, "p", "a.bin")), output);
        Assert.True(TestData.FilesEqual(Path.Combine(source, "d", "b.bin"), Path.Combine(outDir, "p", "d", "b.bin")), output);
    }

    [Fact]
    public async Task UploadDirectory_Reexecuted_LeavesNoDiagnosticsSocketBehind()
    {
        var source = MakeTree();
        using var run = Rupload.Start(["upload", source, $"file://{temp.SubDirectory("out")}/p/", "--checkpoint", "dir:" + temp.SubDirectory("ckpt"), "--progress", "none", "--verbose"]);

        var code = await run.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(code == 0, run.Output);
        Assert.Contains(Entered, run.Output, StringComparison.Ordinal);

        // Both runtimes name their socket after the pid and start time, which execve keeps: the first one's file must go
        // before the second starts (it would stay in the temp folder for good), and the second removes its own at exit.
        Assert.Empty(Directory.EnumerateFiles(Path.GetTempPath(), $"dotnet-diagnostic-{run.ProcessId}-*-socket"));
    }

    [Fact]
    public async Task UploadDirectory_MarkerAlreadyExported_ReexecutedOnceNotInALoop()
    {
        var source = MakeTree();
        var outDir = temp.SubDirectory("out");

        // A marker that is not this process's id is not believed: the batch still re-executes, once (a loop would hang).
        var (code, output) = await Rupload.RunAsync(
            ["upload", source, $"file://{outDir}/p/", "--checkpoint", "dir:" + temp.SubDirectory("ckpt"), "--progress", "none", "--verbose"],
            new Dictionary<string, string> { ["RUPLOAD_BATCH_RUNTIME"] = "1" });

        Assert.True(code == 0, output);
        Assert.Equal(1, output.Split(Entered).Length - 1);
        Assert.Contains("Uploaded 2, skipped as already done 0, failed 0", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DOTNET_TieredCompilation", "1")]
    [InlineData("DOTNET_TieredCompilation", "0")]
    [InlineData("COMPlus_TieredCompilation", "1")]
    public async Task UploadDirectory_UserSetTieredCompilation_NotReexecuted(string variable, string value)
    {
        var source = MakeTree();
        var outDir = temp.SubDirectory("out");

        var (code, output) = await Rupload.RunAsync(
            ["upload", source, $"file://{outDir}/p/", "--checkpoint", "dir:" + temp.SubDirectory("ckpt"), "--progress", "none", "--verbose"],
            new Dictionary<string, string> { [variable] = value });

        Assert.True(code == 0, output);
        Assert.DoesNotContain(Entered, output, StringComparison.Ordinal);
        Assert.Contains("Uploaded 2, skipped as already done 0, failed 0", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadOneFile_Verbose_NotReexecuted()
    {
        var file = temp.RandomFile("one.bin", 5000, seed: 5);
        var outDir = temp.SubDirectory("out");

        var (code, output) = await Rupload.RunAsync(["upload", file, $"file://{outDir}/one.bin", "--checkpoint", "dir:" + temp.SubDirectory("ckpt"), "--progress", "none", "--verbose"]);

        Assert.True(code == 0, output);
        Assert.DoesNotContain(Entered, output, StringComparison.Ordinal);
        Assert.True(TestData.FilesEqual(file, Path.Combine(outDir, "one.bin")), output);
    }

    public void Dispose()
    {
        temp.Dispose();
        GC.SuppressFinalize(this);
    }

    private string MakeTree()
    {
        var root = temp.SubDirectory("tree");
        Directory.CreateDirectory(Path.Combine(root, "d"));
        TestData.WriteRandomFile(Path.Combine(root, "a.bin"), 250 * 1024 + 3, seed: 1);
        TestData.WriteRandomFile(Path.Combine(root, "d", "b.bin"), 7000, seed: 2);
        return root;
    }
}
