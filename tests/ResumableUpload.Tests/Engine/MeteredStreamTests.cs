using System.Runtime.InteropServices;
using ResumableUpload.Engine;
using ResumableUpload.Pipeline;
using ResumableUpload.TestSupport;

namespace ResumableUpload.Tests.Engine;

/// <summary>The stream a target reads: counted once per attempt, paced per slice, and copied out of the part's own array.</summary>
public class MeteredStreamTests
{
    private const int Slice = MeteredStream.MaxSliceSize;
    private const int Length = (2 * Slice) + 12_345;

    [Fact]
    public async Task CopyToAsync_PooledMemoryStream_WritesSlicesOfThePartsOwnArray()
    {
        var array = TestBytes(Length);
        var (tracker, progress) = Tracker(Length);
        var sink = new SegmentSink();

        await using (var metered = new MeteredStream(Pooled(array), tracker.StartPart(), limit: null))
        {
            await metered.CopyToAsync(sink);
        }

        Assert.All(sink.Segments, s => Assert.Same(array, s.Array));
        Assert.Equal([(0, Slice), (Slice, Slice), (2 * Slice, 12_345)], sink.Segments.Select(s => (s.Offset, s.Count)));
        Assert.Equal([Slice, 2 * Slice, Length], progress.Reports.Select(r => r.InFlightBytes));
        Assert.Equal([Slice, 2 * Slice, Length], progress.Reports.Select(r => r.SentBytes));
    }

    [Fact]
    public async Task ReadAsync_BackToTheStart_DropsTheFailedAttemptAndCountsTheRetryOnce()
    {
        var (tracker, progress) = Tracker(Length);
        var flow = tracker.StartPart();
        var limit = new BandwidthLimit(1L << 40);
        await using var metered = new MeteredStream(Pooled(TestBytes(Length)), flow, limit);
        var buffer = new byte[100_000];

        Assert.Equal(100_000, await metered.ReadAsync(buffer));
        metered.Position = 0; // the retry layer sends the put again
        while (await metered.ReadAsync(buffer) > 0)
        {
        }

        tracker.PartDone(Length, flow);

        // Both attempts went out, so both took tokens; progress counts the bytes once.
        Assert.Equal(100_000 + Length, limit.TokensAcquired);
        var last = progress.Reports[^1];
        Assert.Equal((Length, 0L, Length, 1), (last.TransferredBytes, last.InFlightBytes, last.SentBytes, last.CompletedParts));
        Assert.All(progress.Reports, r => Assert.InRange(r.InFlightBytes, 0, Length));
        Assert.Equal(progress.Reports.Select(r => r.SentBytes).Order(), progress.Reports.Select(r => r.SentBytes));
        Assert.Equal(100_000, progress.Reports[0].SentBytes);
        Assert.Equal(100_000, progress.Reports[1].SentBytes); // the retry's first 100 000 bytes do not move the figure
    }

    [Fact]
    public async Task ReadAsync_LargeBuffer_ReadsAtMostOneSliceAndTakesATokenPerByte()
    {
        var (tracker, _) = Tracker(Length);
        var limit = new BandwidthLimit(1L << 40);
        await using var metered = new MeteredStream(Pooled(TestBytes(Length)), tracker.StartPart(), limit);
        var buffer = new byte[Length];

        var first = await metered.ReadAsync(buffer);

        Assert.Equal(Slice, first);
        Assert.Equal(Slice, limit.TokensAcquired);
    }

    [Fact]
    public void CopyTo_FileSegment_CountsEveryByteOnce()
    {
        using var temp = new TempDirectory();
        var path = temp.RandomFile("f.bin", Length);
        using var handle = File.OpenHandle(path);
        var (tracker, progress) = Tracker(Length);
        var limit = new BandwidthLimit(1L << 40);
        using var sink = new MemoryStream();

        using (var metered = new MeteredStream(new FileSegmentStream(handle, 0, Length), tracker.StartPart(), limit))
        {
            metered.CopyTo(sink);
        }

        Assert.Equal(File.ReadAllBytes(path), sink.ToArray());
        Assert.Equal(Length, limit.TokensAcquired);
        Assert.Equal(Length, progress.Reports[^1].InFlightBytes);
    }

    [Theory]
    [InlineData(1L, 1024)]
    [InlineData(100L * 1024, 25 * 1024)]
    [InlineData(50L << 20, Slice)]
    public void SliceSize_SlowCapsGetSmallerSlices(long bytesPerSecond, int expected)
        => Assert.Equal(expected, new BandwidthLimit(bytesPerSecond).SliceSize);

    private static (ProgressTracker Tracker, RecordingProgress Progress) Tracker(long length)
    {
        var progress = new RecordingProgress();
        return (new ProgressTracker(progress, length, 1, TimeProvider.System, TimeSpan.Zero), progress);
    }

    private static MemoryStream Pooled(byte[] array) => new(array, 0, array.Length, writable: false, publiclyVisible: true);

    private static byte[] TestBytes(int length)
    {
        var bytes = new byte[length];
        new Random(7).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Keeps the array segment behind every write: a copy would show another array.</summary>
    private sealed class SegmentSink : Stream
    {
        public List<ArraySegment<byte>> Segments { get; } = [];

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Assert.True(MemoryMarshal.TryGetArray(buffer, out var segment));
            Segments.Add(segment);
            return ValueTask.CompletedTask;
        }

        public override void Write(byte[] buffer, int offset, int count) => Segments.Add(new ArraySegment<byte>(buffer, offset, count));

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
