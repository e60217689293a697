using System.Buffers;
using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using ResumableUpload.Pipeline;

namespace ResumableUpload.Benchmarks;

/// <summary>
/// How fast can the slicer fill 8 MiB pooled part buffers from a warm 1 GiB file? Baseline: positioned reads straight
/// into a pooled buffer (no pipe, no copy). The product's slicer reads through a PipeReader whose memory pool is the
/// part pool, so each pipe segment becomes a part without a copy. The previous slicer (a PipeReader over the shared
/// pool with 4 MiB segments, then a copy into the part buffer) is kept as the measured alternative.
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
        using var pool = new PartArrayPool(PartSize, 5, streamFromFile: false);
        long total = 0;
        await foreach (var buffer in Slicer.ReadAsync(file, parts, pool, CancellationToken.None).ConfigureAwait(false))
        {
            total += buffer.Spec.Length;
            buffer.Dispose();
        }

        return total;
    }

    /// <summary>The slicer before the part pool became the pipe's pool: 4 MiB shared-pool segments, copied into each part.</summary>
    [Benchmark]
    public async Task<long> PipeReaderCopyIntoPooledBuffer()
    {
        using var file = File.OpenHandle(source);
        var reader = PipeReader.Create(new FileSegmentStream(file, 0, FileSize), new StreamPipeReaderOptions(bufferSize: 4 << 20, minimumReadSize: 1 << 20, leaveOpen: false));
        long total = 0;
        foreach (var part in parts)
        {
            var buffer = ArrayPool<byte>.Shared.Rent((int)PartSize);
            var filled = 0;
            while (filled < part.Length)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                var take = (int)Math.Min(result.Buffer.Length, part.Length - filled);
                result.Buffer.Slice(0, take).CopyTo(buffer.AsSpan(filled));
                filled += take;
                reader.AdvanceTo(result.Buffer.GetPosition(take));
            }

            total += filled;
            ArrayPool<byte>.Shared.Return(buffer);
        }

        await reader.CompleteAsync().ConfigureAwait(false);
        return total;
    }
}
