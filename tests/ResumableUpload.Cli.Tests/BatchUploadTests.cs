using System.Diagnostics;
using ResumableUpload.TestSupport;

namespace ResumableUpload.Cli.Tests;

/// <summary>
/// <c>rupload upload &lt;dir&gt; &lt;prefix&gt;/</c> and <c>--files-from</c> to a local folder, as a user runs them: every
/// object byte-identical, globs, stdin lists, the summary and exit 1 with a failed file listed, a rerun that skips the
/// files done, <c>status</c> showing the unfinished batch and <c>abort</c> removing it.
/// </summary>
public class BatchUploadTests : IDisposable
{
    private readonly TempDirectory temp = new();

    [Fact]
    public async Task Upload_Directory_EveryFileByteIdenticalUnderThePrefix()
    {
        var source = MakeTree();
        var outDir = temp.SubDirectory("out");
        var checkpoints = temp.SubDirectory("ckpt");

        var (code, output) = await Rupload.RunAsync(["upload", source, $"file://{outDir}/prefix/", "--part-size", "100KiB", "--checkpoint", "dir:" + checkpoints, "--progress", "lines"]);

        Assert.True(code == 0, output);
        Assert.Contains("Uploaded 5, skipped as already done 0, failed 0", output, StringComparison.Ordinal);
        Assert.Contains("progress files ", output, StringComparison.Ordinal);
        foreach (var relative in TreeFiles)
        {
            Assert.True(TestData.FilesEqual(Path.Combine(source, relative), Path.Combine(outDir, "prefix", relative)), relative + "\n" + output);
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(checkpoints)); // the batch's record goes with its last file
    }

    [Fact]
    public async Task Upload_DirectoryWithIncludeAndExclude_UploadsOnlyTheMatchingFiles()
    {
        var source = MakeTree();
        var outDir = temp.SubDirectory("out");

        var (code, output) = await Rupload.RunAsync(["upload", source, $"file://{outDir}/", "--include", "**/*.bin", "--include", "top.txt", "--exclude", "logs/**", "--checkpoint", "dir:" + temp.SubDirectory("ckpt"), "--progress", "none"]);

        Assert.True(code == 0, output);
        Assert.Contains("Uploaded 3, skipped as already done 0, failed 0", output, StringComparison.Ordinal);
        Assert.Equal(["data/big.bin", "data/deep/empty.bin", "top.txt"], Objects(outDir));
    }

    [Fact]
    public async Task Upload_DirectoryToAnObjectDestination_Exit2OneLine()
    {
        var source = MakeTree();

        var (code, output) = await Rupload.RunAsync(["upload", source, $"file://{temp.Path}/out/o"]);

        Assert.Equal(2, code);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("is a directory; to upload it, give a destination prefix ending in '/'", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_FilesFromStdin_KeysRelativeToTheBaseOrTheFileNameOutsideIt()
    {
        var source = MakeTree();
        var outside = temp.RandomFile("outside.bin", 1000, seed: 9);
        var outDir = temp.SubDirectory("out");
        var list = $"top.txt\n{Path.Combine(source, "data", "big.bin")}\r\n\n{outside}\n";

        var (code, output) = await RunWithStdinAsync(["upload", "--files-from", "-", source, $"file://{outDir}/p/", "--checkpoint", "dir:" + temp.SubDirectory("ckpt"), "--progress", "none"], list);

        Assert.True(code == 0, output);
        Assert.Contains("Uploaded 3, skipped as already done 0, failed 0", output, StringComparison.Ordinal);
        Assert.Equal(["p/data/big.bin", "p/outside.bin", "p/top.txt"], Objects(outDir));
        Assert.True(TestData.FilesEqual(Path.Combine(source, "data", "big.bin"), Path.Combine(outDir, "p", "data", "big.bin")));
        Assert.True(TestData.FilesEqual(outside, Path.Combine(outDir, "p", "outside.bin")));
    }

    [Fact]
    public async Task Upload_FilesFromWithoutBase_PathsRelativeToTheCurrentDirectory()
    {
        var source = MakeTree();
        var outDir = temp.SubDirectory("out");

        var (code, output) = await RunWithStdinAsync(["upload", "--files-from", "-", $"file://{outDir}/", "--checkpoint", "dir:" + temp.SubDirectory("ckpt"), "--progress", "none"], "logs/a.log\n", workingDirectory: source);

        Assert.True(code == 0, output);
        Assert.Equal(["logs/a.log"], Objects(outDir));
    }

    [Fact]
    public async Task Upload_OneFileMissing_Exit1ListsItThenRerunSkipsTheDoneFiles()
    {
        var source = MakeTree();
        var outDir = temp.SubDirectory("out");
        var checkpoints = temp.SubDirectory("ckpt");
        var listFile = temp.File("list.txt");
        File.WriteAllText(listFile, "top.txt\ndata/big.bin\nmissing.bin\nlogs/a.log\n");
        string[] upload = ["upload", "--files-from", listFile, source, $"file://{outDir}/", "--part-size", "100KiB", "--checkpoint", "dir:" + checkpoints, "--progress", "none"];

        var (code, output) = await Rupload.RunAsync(upload);

        Assert.True(code == 1, output);
        Assert.Contains("Uploaded 3, skipped as already done 0, failed 1", output, StringComparison.Ordinal);
        var failed = Assert.Single(output.Split('\n'), l => l.StartsWith("failed: ", StringComparison.Ordinal));
        Assert.Contains(Path.Combine(source, "missing.bin"), failed, StringComparison.Ordinal);
        Assert.Contains("does not exist", failed, StringComparison.Ordinal);
        Assert.Contains("not resumable", failed, StringComparison.Ordinal);

        var (statusCode, status) = await Rupload.RunAsync(["status", "--checkpoint", "dir:" + checkpoints]);
        Assert.True(statusCode == 0, status);
        Assert.Contains($"batch {source} -> file://{outDir}/  files done 3", status, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(source, "missing.bin"), "here now");
        var (again, againOutput) = await Rupload.RunAsync(upload);

        Assert.True(again == 0, againOutput);
        Assert.Contains("Uploaded 1, skipped as already done 3, failed 0", againOutput, StringComparison.Ordinal);
        Assert.Equal(["data/big.bin", "logs/a.log", "missing.bin", "top.txt"], Objects(outDir));
        var (_, after) = await Rupload.RunAsync(["status", "--checkpoint", "dir:" + checkpoints]);
        Assert.DoesNotContain("batch ", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Abort_UnfinishedBatch_StatusNoLongerShowsIt()
    {
        var source = MakeTree();
        var outDir = temp.SubDirectory("out");
        var checkpoints = temp.SubDirectory("ckpt");
        var (code, output) = await RunWithStdinAsync(["upload", "--files-from", "-", source, $"file://{outDir}/", "--checkpoint", "dir:" + checkpoints, "--progress", "none"], "top.txt\nnot-there\n");
        Assert.True(code == 1, output);
        var (_, before) = await Rupload.RunAsync(["status", "--checkpoint", "dir:" + checkpoints]);
        Assert.Contains($"batch {source} -> file://{outDir}/  files done 1", before, StringComparison.Ordinal);

        var (abortCode, abort) = await Rupload.RunAsync(["abort", source, $"file://{outDir}/", "--checkpoint", "dir:" + checkpoints]);

        Assert.True(abortCode == 0, abort);
        Assert.Contains($"Deleted the batch record of {source} -> file://{outDir}/", abort, StringComparison.Ordinal);
        var (_, after) = await Rupload.RunAsync(["status", "--checkpoint", "dir:" + checkpoints]);
        Assert.DoesNotContain("batch ", after, StringComparison.Ordinal);
        Assert.Contains("No interrupted uploads", after, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(outDir, "top.txt"))); // what was uploaded stays
    }

    [Fact]
    public async Task Upload_KilledMidBatchThenRerun_SkipsTheFilesDoneAndEveryObjectByteIdentical()
    {
        var source = temp.SubDirectory("many");
        const int Files = 300;
        for (var i = 0; i < Files; i++)
        {
            TestData.WriteRandomFile(Path.Combine(source, $"f{i:000}.bin"), 20_000 + i, seed: 100 + i);
        }

        var outDir = temp.SubDirectory("out");
        string[] upload = ["upload", source, $"file://{outDir}/", "--files-in-flight", "1", "--checkpoint", "dir:" + temp.SubDirectory("ckpt"), "--progress", "lines", "--progress-interval", "0s"];
        var finishedBeforeKill = 0;
        // The killed run is held to 2 MiB/s (300 files of ~20 KB take ~3 s): unthrottled, the whole batch can finish
        // before the kill, sent on a progress line read through a pipe, reaches it (batches run untiered, DECISIONS 49).
        using (var run = Rupload.Start([.. upload, "--max-bandwidth", "2MiB/s"]))
        {
            var killed = new TaskCompletionSource();
            run.OnStderrLine = line =>
            {
                // Killed on observable state: a progress line saying at least 5 files are finished (each recorded before it counts).
                var match = System.Text.RegularExpressions.Regex.Match(line, @"^progress files (\d+)/");
                if (match.Success && int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) is var n && n >= 5 && killed.TrySetResult())
                {
                    finishedBeforeKill = n;
                    run.KillHard();
                }
            };
            await run.WaitAsync(TimeSpan.FromMinutes(3));
            Assert.True(killed.Task.IsCompleted, "the batch ended before the kill:\n" + run.Output);
        }

        Assert.InRange(finishedBeforeKill, 5, Files - 1);
        var (code, output) = await Rupload.RunAsync(upload);

        Assert.True(code == 0, output);
        var summary = Assert.Single(output.Split('\n'), l => l.StartsWith("Uploaded ", StringComparison.Ordinal));
        var counts = System.Text.RegularExpressions.Regex.Match(summary, @"^Uploaded (\d+), skipped as already done (\d+), failed 0");
        Assert.True(counts.Success, summary);
        var skipped = int.Parse(counts.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(skipped, finishedBeforeKill, Files - 1);
        Assert.Equal(Files, int.Parse(counts.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + skipped);
        for (var i = 0; i < Files; i++)
        {
            Assert.True(TestData.FilesEqual(Path.Combine(source, $"f{i:000}.bin"), Path.Combine(outDir, $"f{i:000}.bin")), $"f{i:000}.bin");
        }
    }

    [Fact]
    public async Task Upload_BatchOptionWithASingleFile_Exit2()
    {
        var file = temp.RandomFile("one.bin", 10);

        var (code, output) = await Rupload.RunAsync(["upload", file, $"file://{temp.Path}/o.bin", "--include", "*.bin"]);

        Assert.Equal(2, code);
        Assert.Contains("--include applies to a directory upload or --files-from", output, StringComparison.Ordinal);
    }

    public void Dispose() => temp.Dispose();

    private static readonly string[] TreeFiles = ["top.txt", "data/big.bin", "data/deep/empty.bin", "logs/a.log", "logs/b.bin"];

    /// <summary>A small tree: a text file, a multipart file (350 KiB in 100 KiB parts), an empty file, logs.</summary>
    private string MakeTree()
    {
        var root = temp.SubDirectory("src");
        Directory.CreateDirectory(Path.Combine(root, "data", "deep"));
        Directory.CreateDirectory(Path.Combine(root, "logs"));
        File.WriteAllText(Path.Combine(root, "top.txt"), "top\n");
        TestData.WriteRandomFile(Path.Combine(root, "data", "big.bin"), 350 * 1024 + 7, seed: 3);
        File.WriteAllBytes(Path.Combine(root, "data", "deep", "empty.bin"), []);
        File.WriteAllText(Path.Combine(root, "logs", "a.log"), "log a\n");
        TestData.WriteRandomFile(Path.Combine(root, "logs", "b.bin"), 5000, seed: 4);
        return root;
    }

    /// <summary>The objects in a local folder target, as keys ('/' between names), without its staging folder.</summary>
    private static List<string> Objects(string folder)
        => [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(k => !k.StartsWith(".rupload", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];

    /// <summary>Runs rupload with <paramref name="stdin"/> as its standard input (Rupload.Start has none).</summary>
    internal static async Task<(int ExitCode, string Output)> RunWithStdinAsync(IEnumerable<string> args, string stdin, IDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(Rupload.DllPath);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }

        info.Environment["RUPLOAD_STATE_DIR"] = Path.Combine(Path.GetTempPath(), "rupload-test-state");
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[k] = v;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + "\n" + await stderr);
    }
}
