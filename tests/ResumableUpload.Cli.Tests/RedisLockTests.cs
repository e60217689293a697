using ResumableUpload.TestSupport;

namespace ResumableUpload.Cli.Tests;

/// <summary>
/// Two <c>rupload</c> processes on one upload with the Redis store: while the first lives (even frozen) the second exits
/// with the locked code at once; once the first is killed, a new run on this host takes over at once, long before the
/// dead holder's lease would expire, and completes.
/// </summary>
[Collection(ProcessTestGroup.Name)]
public class RedisLockTests : IDisposable
{
    private readonly TempDirectory temp = new();

    [Fact]
    public async Task Upload_SecondProcessWhileFirstRuns_Exit3ThenImmediateTakeoverAfterKill()
    {
        var source = temp.RandomFile("big.bin", 200L << 20, seed: 41);
        var outDir = temp.SubDirectory("out");
        var spec = "redis:" + ServerEnvironment.Redis;

        // The default 30 s lease: a takeover within this test can only come from the holder's death, never from expiry.
        string[] args = ["upload", source, $"file://{outDir}/big.bin", "--part-size", "1MiB", "--threads", "1", "--checkpoint", spec, "--progress", "lines", "--progress-interval", "0s"];

        // The first run is frozen (SIGSTOP) once it has 10 parts on the target, seen on their file events: it keeps its
        // lease, and a fast upload cannot finish before the second run starts.
        using var first = Rupload.Start(args);
        var frozen = await KillResume.WhenAsync(first, outDir, () => KillResume.LocalPartsOnTarget(outDir) >= 10, static r => r.Suspend());
        Assert.True(frozen, "the first run ended before it could be frozen mid-upload");

        var started = DateTime.UtcNow;
        var (second, secondOutput) = await Rupload.RunAsync(args);
        Assert.True(second == 3, $"exit {second}: {secondOutput}");
        Assert.Contains("in use", secondOutput, StringComparison.Ordinal);
        // Well under the 30 s lease, not a speed goal: a process start alone took over 5 s at a load average of 45.
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(25), "the locked process must fail, not wait for the holder's lease");

        first.KillHard();
        await first.WaitAsync(TimeSpan.FromSeconds(30));
        var killed = DateTime.UtcNow;
        var (takeover, output) = await Rupload.RunAsync(args);

        Assert.True(takeover == 0, output);
        Assert.Contains(" resumed", output, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - killed < TimeSpan.FromSeconds(25), "the takeover must not wait for the dead holder's lease");
        Assert.True(TestData.FilesEqual(source, Path.Combine(outDir, "big.bin")));
    }

    public void Dispose() => temp.Dispose();
}
