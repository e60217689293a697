using System.Buffers;
using BenchmarkDotNet.Attributes;
using ResumableUpload.Pipeline;

namespace ResumableUpload.Benchmarks;

/// <summary>
/// How fast can the slicer fill 8 MiB pooled part buffers from a warm 1 GiB file? The product's slicer
/// (PipeReader over positioned reads, then a copy into the part buffer) against the alternative of positioned
/// reads straight into the part buffer (the baseline: no pipe, no copy).
/// </summary>
[MemoryDiagnoser]
public class SlicingBenchmarks
{
    private const long PartSize = 8 << 20;
    private string source = string.Empty;
    private List<PartSpec> parts = [];

    [Params(1L << 30)]
    public long FileSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        source = BenchmarkFiles.Get(FileSize);
        var layout = PartLayout.Compute(FileSize, PartSize, new TargetCapabilities { MinPartSize = 1, MaxPartSize = 1L << 32, MaxPartCount = 10_000, CanListParts = false });
        parts = [.. Enumerable.Range(1, layout.PartCount).Select(layout.Part)];
    }

    [Benchmark(Baseline = true)]
    public long RandomAccessIntoPooledBuffer()
    {
        using var file = File.OpenHandle(source);
        long total = 0;
        foreach (var part in parts)
        {
            var buffer = ArrayPool<byte>.Shared.Rent((int)PartSize);
            var read = 0;
            while (read < part.Length)
            {
                read += RandomAccess.Read(file, buffer.AsSpan(read, (int)part.Length - read), part.Offset + read);
            }

            total += read;
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return total;
    }

    [Benchmark]
    public async Task<long> PipeReaderSlicer()
    {
        using var file = File.OpenHandle(source);
        var pool = new PartBufferPool(PartSize, 5, streamFromFile: false);
        long total = 0;
        await foreach (var buffer in Slicer.ReadAsync(file, parts, pool, CancellationToken.None).ConfigureAwait(false))
        {
            total += buffer.Spec.Length;
            buffer.Dispose();
        }

        return total;
    }
}
