using BenchmarkDotNet.Attributes;
using ResumableUpload.Hashing;
using ResumableUpload.Targets;

namespace ResumableUpload.Benchmarks;

/// <summary>
/// How close does the whole pipeline (slicer → hasher → uploader → committer) come to the ceiling of reading the
/// file and computing CRC-64/XZ per 8 MiB part? The target is the null target, so only our own work is measured;
/// checkpoints are real (file store). Baseline: one thread reading parts with RandomAccess into one buffer and
/// hashing them; the same on two threads (the machine's cores, alternate parts each) is the harder ceiling. The file
/// (1 GiB by default) is warm in the page cache after the first iteration.
/// </summary>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    private const long PartSize = 8 << 20;
    private string source = string.Empty;
    private string checkpoints = string.Empty;

    [Params(1L << 30)]
    public long FileSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        source = BenchmarkFiles.Get(FileSize);
        checkpoints = Path.Combine(BenchmarkFiles.Directory, "ckpt-" + Environment.ProcessId);
        Directory.CreateDirectory(checkpoints);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(checkpoints, recursive: true);

    [Benchmark(Baseline = true)]
    public ulong ReadAndCrcPerPart() => ReadAndCrc(first: 0, stride: 1);

    [Benchmark]
    public ulong ReadAndCrcPerPartTwoThreads()
    {
        var other = Task.Factory.StartNew(() => ReadAndCrc(first: 1, stride: 2), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        return ReadAndCrc(first: 0, stride: 2) ^ other.GetAwaiter().GetResult();
    }

    private ulong ReadAndCrc(int first, int stride)
    {
        var buffer = new byte[PartSize];
        using var file = File.OpenHandle(source);
        var length = RandomAccess.GetLength(file);
        var crc = 0UL;
        for (var offset = first * PartSize; offset < length; offset += stride * PartSize)
        {
            var want = (int)Math.Min(PartSize, length - offset);
            var read = 0;
            while (read < want)
            {
                read += RandomAccess.Read(file, buffer.AsSpan(read, want - read), offset + read);
            }

            crc ^= Crc.Compute(ChecksumAlgorithm.Crc64Xz, buffer.AsSpan(0, want));
        }

        return crc;
    }

    [Benchmark]
    public async Task<ulong> UploadToNullTarget()
    {
        var uploader = new ResumableUploader(new NullMultipartTarget(), new FileCheckpointStore(checkpoints), new UploadOptions { PartSize = PartSize });
        var result = await uploader.UploadAsync(new UploadRequest { SourcePath = source, Key = "bench" }).ConfigureAwait(false);
        return result.Crc;
    }
}
