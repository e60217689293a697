using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Data.Sqlite;
using ResumableUpload.Redis;
using ResumableUpload.Sqlite;
using StackExchange.Redis;

namespace ResumableUpload.Benchmarks;

/// <summary>
/// What a 10,000-part upload costs each checkpoint store: committing every part one by one (the committer's path), and
/// loading the full ledger (a resume). The file store is the baseline; compare ratios. Redis comes from RUPLOAD_REDIS
/// (host:port, e.g. from scripts/servers/redis.sh start).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class CheckpointCommitBenchmarks
{
    private const int Parts = 10_000;
    private const long PartSize = 8L * 1024 * 1024;
    private static readonly CheckpointKey CommitKey = new("c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0");
    private static readonly CheckpointKey LoadKey = new("10ad10ad10ad10ad10ad10ad10ad10ad");
    private readonly string directory = Path.Combine(Path.GetTempPath(), "rupload-bench-" + Guid.NewGuid().ToString("N"));
    private readonly string redisPrefix = "rupload-bench:" + Guid.NewGuid().ToString("N")[..12] + ":";
    private readonly PartRecord[] records = [.. Enumerable.Range(1, Parts).Select(n => new PartRecord(n, (n - 1) * PartSize, PartSize, "\"0123456789abcdef0123456789abcdef-" + n + "\"", (ulong)n * 0x9E3779B97F4A7C15UL))];
    private ICheckpointStore? store;
    private ICheckpointLease? commitLease;
    private ICheckpointLease? loadLease;

    [GlobalSetup(Targets = [nameof(Commit_File), nameof(Load_File)])]
    public void SetupFile()
    {
        Directory.CreateDirectory(directory);
        Setup(new FileCheckpointStore(directory));
    }

    [GlobalSetup(Targets = [nameof(Commit_Sqlite), nameof(Load_Sqlite)])]
    public void SetupSqlite()
    {
        Directory.CreateDirectory(directory);
        Setup(new SqliteCheckpointStore(Path.Combine(directory, "checkpoints.db")));
    }

    [GlobalSetup(Targets = [nameof(Commit_Redis), nameof(Load_Redis)])]
    public void SetupRedis()
    {
        var endpoint = Environment.GetEnvironmentVariable("RUPLOAD_REDIS") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("Set RUPLOAD_REDIS=host:port (bash scripts/servers/redis.sh start <dir> prints it) to benchmark the Redis store.");
        Setup(new RedisCheckpointStore(new RedisCheckpointStoreOptions { Configuration = endpoint, KeyPrefix = redisPrefix }));
    }

    // A fresh, empty ledger before each iteration of 10,000 commits, outside the measured time.
    [IterationSetup(Targets = [nameof(Commit_File), nameof(Commit_Sqlite), nameof(Commit_Redis)])]
    public void ResetCommitCheckpoint() => commitLease!.CreateAsync(Header()).GetAwaiter().GetResult();

    [BenchmarkCategory("Commit10000"), Benchmark(Baseline = true)]
    public Task Commit_File() => CommitAllAsync();

    [BenchmarkCategory("Commit10000"), Benchmark]
    public Task Commit_Sqlite() => CommitAllAsync();

    [BenchmarkCategory("Commit10000"), Benchmark]
    public Task Commit_Redis() => CommitAllAsync();

    [BenchmarkCategory("Load10000"), Benchmark(Baseline = true)]
    public Task<UploadCheckpoint?> Load_File() => loadLease!.LoadAsync();

    [BenchmarkCategory("Load10000"), Benchmark]
    public Task<UploadCheckpoint?> Load_Sqlite() => loadLease!.LoadAsync();

    [BenchmarkCategory("Load10000"), Benchmark]
    public Task<UploadCheckpoint?> Load_Redis() => loadLease!.LoadAsync();

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var lease in new[] { commitLease, loadLease })
        {
            if (lease is not null)
            {
                lease.DeleteAsync().GetAwaiter().GetResult();
                lease.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }

        (store as IDisposable)?.Dispose();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static CheckpointHeader Header() => new()
    {
        TargetIdentity = "s3:http://127.0.0.1:9000",
        Location = new ObjectLocation("bucket", "videos/movie.mp4"),
        UploadId = "2~benchmarkUploadIdOfTypicalLength0123456789",
        Source = new SourceIdentity("/data/movie.mp4", Parts * PartSize, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), "2049:131"),
        PartSize = PartSize,
        PartCount = Parts,
        Algorithm = ChecksumAlgorithm.Crc64Xz,
        CreatedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
    };

    private void Setup(ICheckpointStore checkpointStore)
    {
        store = checkpointStore;
        commitLease = store.AcquireAsync(CommitKey).GetAwaiter().GetResult();
        loadLease = store.AcquireAsync(LoadKey).GetAwaiter().GetResult();
        loadLease.CreateAsync(Header()).GetAwaiter().GetResult();
        foreach (var record in records)
        {
            loadLease.CommitPartAsync(record).AsTask().GetAwaiter().GetResult();
        }
    }

    private async Task CommitAllAsync()
    {
        foreach (var record in records)
        {
            await commitLease!.CommitPartAsync(record);
        }
    }
}
