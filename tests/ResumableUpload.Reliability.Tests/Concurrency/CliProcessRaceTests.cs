using ResumableUpload.TestSupport;

namespace ResumableUpload.Reliability.Tests.Concurrency;

/// <summary>Real processes: two and four <c>rupload upload</c> of the same file to the same object started at once.</summary>
public class CliProcessRaceTests : IDisposable
{
    private readonly TempDirectory temp = new();

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public async Task Upload_ProcessesRacing_EachDoneOrLockedAndObjectCorrect(int processes)
    {
        var source = temp.RandomFile("src.bin", 96L << 20, seed: processes);
        var checkpoints = temp.SubDirectory("ckpt");
        var outDir = temp.SubDirectory("out");
        string[] args = ["upload", source, $"file://{outDir}/o.bin", "--part-size", "1MiB", "--threads", "1", "--checkpoint", "dir:" + checkpoints, "--progress", "none"];
        var runs = Enumerable.Range(0, processes).Select(_ => Rupload.Start(args)).ToList();
        var codes = new List<int>();
        foreach (var run in runs)
        {
            using (run)
            {
                codes.Add(await run.WaitAsync(TimeSpan.FromMinutes(3)));
            }
        }

        // Each process either finished the upload (0) or was refused at once (3); a refused one started while another held the lease.
        Assert.All(codes, c => Assert.Contains(c, new[] { 0, 3 }));
        Assert.Contains(0, codes);
        Assert.True(TestData.FilesEqual(source, Path.Combine(outDir, "o.bin")));
        Assert.Empty(Directory.GetFiles(checkpoints, "*.ckpt"));
        Assert.Empty(Directory.GetDirectories(Path.Combine(outDir, ".rupload-uploads")));
    }

    public void Dispose() => temp.Dispose();
}
