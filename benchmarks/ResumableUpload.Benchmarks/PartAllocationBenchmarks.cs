using BenchmarkDotNet.Attributes;
using ResumableUpload.Targets;

namespace ResumableUpload.Benchmarks;

/// <summary>
/// How much managed memory does each part allocate outside the pooled part buffers? One operation is one part: a
/// 10,000-part upload (100 KiB parts) to the null target divided by 10,000, so "Allocated" reads as bytes per part,
/// everything included (graph, request, checkpoint record, progress, the run's fixed cost spread over the parts).
/// Pooled buffers are rented in the first iteration and reused after. Goal: under 2 KiB per part. Baseline: with the
/// file checkpoint store; the second case has no checkpoint store, which isolates the store's share.
/// </summary>
[MemoryDiagnoser]
public class PartAllocationBenchmarks
{
    private const int Parts = 10_000;
    private const long PartSize = UploadOptions.MinPartSize;
    private readonly string checkpoints = Path.Combine(Path.GetTempPath(), "rupload-bench-alloc-" + Guid.NewGuid().ToString("N"));
    private string source = string.Empty;
    private ResumableUploader? withStore;
    private ResumableUploader? withoutStore;

    [GlobalSetup]
    public void Setup()
    {
        source = BenchmarkFiles.Get(Parts * PartSize);
        Directory.CreateDirectory(checkpoints);
        var options = new UploadOptions { PartSize = PartSize };
        withStore = new ResumableUploader(new NullMultipartTarget(), new FileCheckpointStore(checkpoints), options);
        withoutStore = new ResumableUploader(new NullMultipartTarget(), null, options);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(checkpoints, recursive: true);

    [Benchmark(Baseline = true, OperationsPerInvoke = Parts)]
    public Task<UploadResult> NullTarget_FileStore() => withStore!.UploadAsync(new UploadRequest { SourcePath = source, Key = "alloc" });

    [Benchmark(OperationsPerInvoke = Parts)]
    public Task<UploadResult> NullTarget_NoStore() => withoutStore!.UploadAsync(new UploadRequest { SourcePath = source, Key = "alloc" });
}
