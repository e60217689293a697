using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using ResumableUpload.Redis;
using ResumableUpload.Sqlite;
using ResumableUpload.Testing;

namespace ResumableUpload.Benchmarks;

/// <summary>
/// How long does a resume of a 10,000-part upload with one part left take to start sending? One operation is a whole
/// <see cref="ResumableUploader.UploadAsync"/> call up to the first part request: acquire the lease, load and
/// validate the 10,000-part checkpoint, list the target's 10,000 parts and reconcile, plan, read and hash the last
/// part (then the probe cancels; cancellation keeps the checkpoint, so every iteration resumes the same state).
/// Goal: under 1 s. Baseline: the file store with the in-memory target. Redis comes from RUPLOAD_REDIS.
/// </summary>
[MemoryDiagnoser]
public class ResumePlanningBenchmarks
{
    private const int Parts = 10_000;
    private const long PartSize = UploadOptions.MinPartSize;
    private const string Key = "resume/bench.bin";
    private readonly string directory = Path.Combine(Path.GetTempPath(), "rupload-bench-resume-" + Guid.NewGuid().ToString("N"));
    private string source = string.Empty;
    private ICheckpointStore? store;
    private FirstPartProbe? probe;
    private ResumableUploader? uploader;

    [GlobalSetup(Target = nameof(FileStore_InMemoryTarget))]
    public void SetupFileInMemory() => Setup(new FileCheckpointStore(Directory.CreateDirectory(Path.Combine(directory, "ckpt")).FullName), new InMemoryMultipartTarget());

    [GlobalSetup(Target = nameof(SqliteStore_InMemoryTarget))]
    public void SetupSqliteInMemory() => Setup(new SqliteCheckpointStore(Path.Combine(Directory.CreateDirectory(directory).FullName, "checkpoints.db")), new InMemoryMultipartTarget());

    [GlobalSetup(Target = nameof(RedisStore_InMemoryTarget))]
    public void SetupRedisInMemory()
    {
        var endpoint = Environment.GetEnvironmentVariable("RUPLOAD_REDIS") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("Set RUPLOAD_REDIS=host:port (bash scripts/servers/redis.sh start <dir> prints it) to benchmark the Redis store.");
        var prefix = "rupload-bench:" + Guid.NewGuid().ToString("N")[..12] + ":";
        Setup(new RedisCheckpointStore(new RedisCheckpointStoreOptions { Configuration = endpoint, KeyPrefix = prefix }), new InMemoryMultipartTarget());
    }

    [GlobalSetup(Target = nameof(FileStore_LocalFolderTarget))]
    public void SetupFileLocalFolder()
        => Setup(new FileCheckpointStore(Directory.CreateDirectory(Path.Combine(directory, "ckpt")).FullName), new LocalFolderTarget(Path.Combine(directory, "objects")));

    [Benchmark(Baseline = true)]
    public Task<int> FileStore_InMemoryTarget() => ResumeToFirstPartAsync();

    [Benchmark]
    public Task<int> SqliteStore_InMemoryTarget() => ResumeToFirstPartAsync();

    [Benchmark]
    public Task<int> RedisStore_InMemoryTarget() => ResumeToFirstPartAsync();

    [Benchmark]
    public Task<int> FileStore_LocalFolderTarget() => ResumeToFirstPartAsync();

    [GlobalCleanup]
    public void Cleanup()
    {
        uploader?.AbortAsync(new UploadRequest { SourcePath = source, Key = Key }).GetAwaiter().GetResult();
        (store as IDisposable)?.Dispose();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private void Setup(ICheckpointStore checkpointStore, IMultipartTarget target)
    {
        source = BenchmarkFiles.Get(Parts * PartSize);
        store = checkpointStore;
        var options = new UploadOptions { PartSize = PartSize };
        PartialUpload.CreateAsync(target, store, options, source, Key, Parts).GetAwaiter().GetResult();
        probe = new FirstPartProbe(target);
        uploader = new ResumableUploader(probe, store, options);
        if (ResumeToFirstPartAsync().GetAwaiter().GetResult() != Parts)
        {
            throw new InvalidOperationException("The resume did not go straight to the last part.");
        }
    }

    private async Task<int> ResumeToFirstPartAsync()
    {
        using var stop = new CancellationTokenSource();
        probe!.Arm(stop);
        try
        {
            await uploader!.UploadAsync(new UploadRequest { SourcePath = source, Key = Key }, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return probe.LastPartNumber;
        }

        throw new InvalidOperationException("The upload ended without sending a part.");
    }
}
