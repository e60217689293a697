using BenchmarkDotNet.Attributes;
using ResumableUpload.Sqlite;
using ResumableUpload.Targets;

namespace ResumableUpload.Benchmarks;

/// <summary>
/// What does the engine's per-file work cost with many small files? 2,000 files of 64 KiB to the null target (only
/// our own work: stat, open, read, CRC, lease, ledger), with file checkpoints (per-file leases and the batch ledger) and
/// without a store. Baseline: the same files uploaded one after another with <c>UploadAsync</c>, as an app without a
/// batch API would. The files are warm in the page cache after the first iteration.
/// </summary>
[MemoryDiagnoser]
public class BatchBenchmarks
{
    private const int FileCount = 2000;
    private const int FileSize = 64 * 1024;
    private string directory = string.Empty;
    private string checkpoints = string.Empty;

    [Params(16)]
    public int FilesInFlight { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        directory = Path.Combine(BenchmarkFiles.Directory, $"batch-{FileCount}x{FileSize}");
        if (!Directory.Exists(directory) || Directory.GetFiles(directory).Length != FileCount)
        {
            Directory.CreateDirectory(directory);
            var bytes = new byte[FileSize];
            var random = new Random(42);
            for (var i = 0; i < FileCount; i++)
            {
                random.NextBytes(bytes);
                File.WriteAllBytes(Path.Combine(directory, $"f{i:D5}.bin"), bytes);
            }
        }

        checkpoints = Path.Combine(BenchmarkFiles.Directory, "ckpt-batch-" + Environment.ProcessId);
        Directory.CreateDirectory(checkpoints);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(checkpoints, recursive: true);

    [Benchmark(Baseline = true)]
    public async Task<int> OneAfterAnother()
    {
        var uploader = new ResumableUploader(new NullMultipartTarget(), new FileCheckpointStore(checkpoints));
        var count = 0;
        foreach (var path in Directory.EnumerateFiles(directory))
        {
            await uploader.UploadAsync(new UploadRequest { SourcePath = path, Key = Path.GetFileName(path) }).ConfigureAwait(false);
            count++;
        }

        return count;
    }

    [Benchmark]
    public Task<long> DirectoryWithFileCheckpoints() => UploadDirectoryAsync(new FileCheckpointStore(checkpoints));

    [Benchmark]
    public Task<long> DirectoryWithoutStore() => UploadDirectoryAsync(store: null);

    [Benchmark]
    public Task<long> DirectoryWithSqliteCheckpoints() => UploadDirectoryAsync(new SqliteCheckpointStore(Path.Combine(checkpoints, "checkpoints.db")));

    private async Task<long> UploadDirectoryAsync(ICheckpointStore? store)
    {
        var uploader = new ResumableUploader(new NullMultipartTarget(), store);
        var summary = await BatchSummary.CollectAsync(uploader.UploadDirectoryAsync(new DirectoryUploadRequest { Directory = directory, KeyPrefix = "b/" }, new BatchOptions { FilesInFlight = FilesInFlight })).ConfigureAwait(false);
        return summary.Uploaded;
    }
}
