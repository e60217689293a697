using ResumableUpload.TestSupport;

namespace ResumableUpload.Cli.Tests;

/// <summary>
/// Two <c>rupload</c> processes on one upload with the Redis store: one proceeds, the other exits with the locked
/// code at once; after the first is killed and its lease expires, a new run takes over and completes.
/// </summary>
public class RedisLockTests : IDisposable
{
    private readonly TempDirectory temp = new();

    [Fact]
    public async Task Upload_SecondProcessWhileFirstRuns_Exit3ThenTakeoverAfterKillAndExpiry()
    {
        var source = temp.RandomFile("big.bin", 200L << 20, seed: 41);
        var outDir = temp.SubDirectory("out");
        var spec = "redis:" + ServerEnvironment.Redis;
        string[] args = ["upload", source, $"file://{outDir}/big.bin", "--part-size", "1MiB", "--threads", "1", "--checkpoint", spec, "--lease", "6s", "--progress", "lines", "--progress-interval", "0s"];

        // The first run is frozen (SIGSTOP) once it has 10 parts on the target, seen from a dedicated thread: it keeps
        // its lease, unrenewed, for up to 6 s, and a fast upload cannot finish before the second run starts.
        using var first = Rupload.Start(args);
        var frozen = await KillResume.WhenAsync(first, () => KillResume.LocalPartsOnTarget(outDir) >= 10, static r => r.Suspend());
        Assert.True(frozen, "the first run ended before it could be frozen mid-upload");

        var started = DateTime.UtcNow;
        var (second, secondOutput) = await Rupload.RunAsync(args);
        Assert.True(second == 3, $"exit {second}: {secondOutput}");
        Assert.Contains("in use", secondOutput, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5), "the locked process must fail at once, not wait");

        first.KillHard();
        await first.WaitAsync(TimeSpan.FromSeconds(30));
        var (tooSoon, tooSoonOutput) = await Rupload.RunAsync(args);
        Assert.True(tooSoon is 3 or 0, tooSoonOutput); // 3 while the dead holder's lease lives; 0 if it already expired

        if (tooSoon == 3)
        {
            await Task.Delay(TimeSpan.FromSeconds(6.5));
            var (takeover, output) = await Rupload.RunAsync(args);
            Assert.True(takeover == 0, output);
            Assert.Contains(" resumed", output, StringComparison.Ordinal);
        }

        Assert.True(TestData.FilesEqual(source, Path.Combine(outDir, "big.bin")));
    }

    public void Dispose() => temp.Dispose();
}
