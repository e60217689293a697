using System.Globalization;
using System.Text.RegularExpressions;
using ResumableUpload.TestSupport;

namespace ResumableUpload.Cli.Tests;

/// <summary>
/// The promise: SIGKILL <c>rupload upload</c> at any moment, run the same command again, get a byte-identical object.
/// A 400 MiB file in 1 MiB parts is killed at several points of one upload, each run resuming the last (at least 280
/// parts after the last kill point: the kill must land while the upload still runs, and the uploader got faster).
/// (The same check by hand: tests/crash/kill-resume.sh.)
/// </summary>
[Collection(ProcessTestGroup.Name)]
public class KillResumeTests : IDisposable
{
    private readonly TempDirectory temp = new();

    [Fact]
    public async Task Upload_KilledAtSeveralPoints_ResumesToByteIdenticalObject()
    {
        const int parts = 400;
        var source = temp.RandomFile("big.bin", (long)parts << 20, seed: 2026);
        var checkpoints = temp.SubDirectory("ckpt");
        var outDir = temp.SubDirectory("out");
        string[] args = ["upload", source, $"file://{outDir}/big.bin", "--part-size", "1MiB", "--threads", "2", "--checkpoint", "dir:" + checkpoints, "--progress", "lines", "--progress-interval", "0s"];

        var killedAt = new List<int>();
        foreach (var killPoint in new[] { 20, 70, 120 })
        {
            // Triggered from the parts on the target, on their file events: progress lines can reach a loaded test
            // process later than a fast upload ends.
            _ = await KillResume.RunAndKillWhenAsync(args, outDir, () => KillResume.LocalPartsOnTarget(outDir) >= killPoint);
            var done = KillResume.LocalPartsOnTarget(outDir);
            Assert.True(done >= killPoint && done < parts, $"the run was meant to die between part {killPoint} and the end, but reported {done}");
            killedAt.Add(done);
            Assert.Single(Directory.GetFiles(checkpoints, "*.ckpt"));
            Assert.False(File.Exists(Path.Combine(outDir, "big.bin")), "no object may exist before the upload completes");
        }

        var (code, output) = await Rupload.RunAsync(args);
        Assert.True(code == 0, output);
        var resumed = int.Parse(Regex.Match(output, @"(\d+) resumed").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(resumed >= killedAt[^1] - 8, $"expected about {killedAt[^1]} parts resumed, got {resumed}: {output}");
        Assert.True(TestData.FilesEqual(source, Path.Combine(outDir, "big.bin")), "the object differs from the source");
        Assert.Empty(Directory.GetFiles(checkpoints));
        Assert.Empty(Directory.GetDirectories(Path.Combine(outDir, ".rupload-uploads")));
    }

    [Fact]
    public async Task Upload_KilledBeforeFirstPart_ResumesToByteIdenticalObject()
    {
        var source = temp.RandomFile("mid.bin", 24L << 20, seed: 9);
        var checkpoints = temp.SubDirectory("ckpt");
        var outDir = temp.SubDirectory("out");
        string[] args = ["upload", source, $"file://{outDir}/mid.bin", "--part-size", "1MiB", "--checkpoint", "dir:" + checkpoints, "--progress", "lines", "--progress-interval", "0s"];
        await KillResume.RunAndKillAtAsync(args, 0);
        var (code, output) = await Rupload.RunAsync(args);
        Assert.True(code == 0, output);
        Assert.True(TestData.FilesEqual(source, Path.Combine(outDir, "mid.bin")));
        Assert.Empty(Directory.GetFiles(checkpoints));
    }

    [Fact]
    public async Task Upload_KilledWhileCompletingTheObject_LeavesOnlyTheObject()
    {
        // Found by the crash matrix (file:local): a kill while the local-folder target assembled the object left the
        // partial copy hidden next to it. Parts are now written in place and complete flushes and renames the upload's
        // data file; this kills the run the moment the object appears (the rename done, the upload's folder and the
        // checkpoint not yet removed) and checks that the next run ends with the object alone.
        const int parts = 128;
        var source = temp.RandomFile("big.bin", (long)parts << 20, seed: 77);
        var checkpoints = temp.SubDirectory("ckpt");
        var outDir = temp.SubDirectory("out");
        var objectPath = Path.Combine(outDir, "big.bin");
        string[] args = ["upload", source, $"file://{objectPath}", "--part-size", "1MiB", "--checkpoint", "dir:" + checkpoints, "--progress", "lines", "--progress-interval", "0s"];

        Assert.True(await KillResume.RunAndKillWhenAsync(args, outDir, () => File.Exists(objectPath)), "the run ended before the object appeared");
        var (code, output) = await Rupload.RunAsync(args);

        Assert.True(code == 0, output);
        Assert.True(TestData.FilesEqual(source, objectPath), "the object differs from the source");
        Assert.Equal(["big.bin"], Directory.GetFiles(outDir).Select(Path.GetFileName));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(outDir, ".rupload-uploads")));
        Assert.Empty(Directory.GetFiles(checkpoints));
    }

    public void Dispose() => temp.Dispose();
}
