using System.Buffers;
using System.Threading.Tasks.Dataflow;
using ResumableUpload.Pipeline;
using ResumableUpload.TestSupport;

namespace ResumableUpload.Tests.Pipeline;

/// <summary>
/// The slicer reads through a PipeReader whose memory pool is the part pool: each part must be exactly the file's
/// bytes, adopted from the pipe without a copy, and still intact after the pipe has moved on to later parts.
/// </summary>
public class SlicerTests : IDisposable
{
    private const int PartSize = 64 * 1024;
    private readonly TempDirectory temp = new();

    [Fact]
    public async Task ReadAsync_AllParts_GivesTheFileBytesWithoutCopying()
    {
        var (path, bytes) = RandomFile(10 * PartSize + 123);
        var parts = Layout(bytes.Length);
        var pool = new PartArrayPool(PartSize, parts.Count, streamFromFile: false);

        // Hold every part until the end: the pipe has advanced past (and handed back) each block long before.
        var held = await ReadAllAsync(path, parts, pool);
        try
        {
            Assert.Equal(parts.Count, held.Count);
            foreach (var part in held)
            {
                Assert.True(bytes.AsSpan((int)part.Spec.Offset, (int)part.Spec.Length).SequenceEqual(part.Memory.Span), $"part {part.Spec.Number} differs from the file");
            }

            Assert.Equal(0, pool.CopiedParts);
        }
        finally
        {
            held.ForEach(p => p.Dispose());
        }
    }

    [Fact]
    public async Task ReadAsync_FinishedPartsBetween_SkipsThemAndReadsTheRest()
    {
        var (path, bytes) = RandomFile(9 * PartSize);
        var todo = Layout(bytes.Length).Where(p => p.Number is 1 or 2 or 5 or 8 or 9).ToList();
        var pool = new PartArrayPool(PartSize, 2, streamFromFile: false);

        await foreach (var part in Slicer.ReadAsync(File.OpenHandle(path), todo, pool, CancellationToken.None))
        {
            using (part)
            {
                Assert.True(bytes.AsSpan((int)part.Spec.Offset, PartSize).SequenceEqual(part.Memory.Span), $"part {part.Spec.Number} differs from the file");
            }
        }

        Assert.Equal(0, pool.CopiedParts);
    }

    [Fact]
    public async Task ReadAsync_PartStream_ServesThePooledArrayItself()
    {
        var (path, bytes) = RandomFile(2 * PartSize);
        var pool = new PartArrayPool(PartSize, 2, streamFromFile: false);
        using var handle = File.OpenHandle(path);
        await foreach (var part in Slicer.ReadAsync(handle, Layout(bytes.Length), pool, CancellationToken.None))
        {
            using (part)
            using (var stream = Assert.IsType<MemoryStream>(part.OpenStream(handle)))
            {
                Assert.True(stream.TryGetBuffer(out var segment));
                Assert.Equal(PartSize, segment.Count);
                Assert.True(bytes.AsSpan((int)part.Spec.Offset, PartSize).SequenceEqual(segment));
            }
        }
    }

    [Fact]
    public async Task ReadAsync_FileShorterThanLayout_ThrowsSourceEnded()
    {
        var (path, bytes) = RandomFile(3 * PartSize);
        var parts = Layout(4 * PartSize);
        var pool = new PartArrayPool(PartSize, 4, streamFromFile: false);
        var ex = await Assert.ThrowsAsync<SourceEndedException>(async () => (await ReadAllAsync(path, parts, pool)).ForEach(p => p.Dispose()));
        Assert.Equal(3 * PartSize, ex.EndedAt);
        Assert.Equal(4 * PartSize, ex.PartEnd);
        _ = bytes;
    }

    [Fact]
    public async Task Adopt_BytesSplitOverTwoSegments_CopiesIntoANewBlock()
    {
        var pool = new PartArrayPool(PartSize, 1, streamFromFile: false);
        await pool.WaitForSlotAsync(CancellationToken.None);
        var first = new byte[PartSize / 2];
        var second = new byte[PartSize / 2];
        Random.Shared.NextBytes(first);
        Random.Shared.NextBytes(second);
        var head = new Segment(first);
        var tail = head.Append(second);
        var sequence = new ReadOnlySequence<byte>(head, 0, tail, second.Length);

        using var part = pool.Adopt(new PartSpec(1, 0, PartSize), sequence);
        Assert.Equal(1, pool.CopiedParts);
        Assert.True(first.Concat(second).ToArray().AsSpan().SequenceEqual(part.Memory.Span));
    }

    [Fact]
    public async Task PartBlock_HeldByPartAfterPipeLetsGo_StaysValidUntilPartReleases()
    {
        var pool = new PartArrayPool(PartSize, 1, streamFromFile: false);
        await pool.WaitForSlotAsync(CancellationToken.None);
        var owner = pool.Rent(PartSize);
        owner.Memory.Span.Fill(7);
        var part = pool.Adopt(new PartSpec(1, 0, PartSize), new ReadOnlySequence<byte>(owner.Memory));
        owner.Dispose(); // the pipe advances past the part
        owner.Dispose(); // a second dispose must not release the part's reference
        Assert.All(part.Memory.ToArray(), b => Assert.Equal(7, b));
        part.Dispose();
        pool.Dispose(); // the upload is over: the block's array goes back to the shared pool
        Assert.Throws<ObjectDisposedException>(() => owner.Memory.Span[0]);
    }

    [Fact]
    public async Task ReadAsync_ManyParts_ReusesAtMostOneBlockPerSlot()
    {
        var (path, bytes) = RandomFile(40 * PartSize);
        using var pool = new PartArrayPool(PartSize, 3, streamFromFile: false);
        var arrays = new HashSet<byte[]>(ReferenceEqualityComparer.Instance);
        using var handle = File.OpenHandle(path);
        await foreach (var part in Slicer.ReadAsync(handle, Layout(bytes.Length), pool, CancellationToken.None))
        {
            using (part)
            using (var stream = (MemoryStream)part.OpenStream(handle))
            {
                Assert.True(stream.TryGetBuffer(out var segment));
                arrays.Add(segment.Array!);
                Assert.True(bytes.AsSpan((int)part.Spec.Offset, PartSize).SequenceEqual(segment), $"part {part.Spec.Number} differs from the file");
            }
        }

        Assert.InRange(arrays.Count, 1, 3);
    }

    [Fact]
    public async Task SlicerBlock_FedThePartList_EmitsEachPartAndCompletes()
    {
        var (path, bytes) = RandomFile(7 * PartSize + 5);
        var parts = Layout(bytes.Length);
        using var pool = new PartArrayPool(PartSize, 2, streamFromFile: false);
        using var handle = File.OpenHandle(path);
        var failures = new List<Exception>();
        var slicer = SlicerBlock.Create(handle, pool, failures.Add, CancellationToken.None);
        var seen = new List<int>();
        var sink = new ActionBlock<SlicedPart>(part =>
        {
            using (part)
            {
                Assert.True(bytes.AsSpan((int)part.Spec.Offset, (int)part.Spec.Length).SequenceEqual(part.Memory.Span), $"part {part.Spec.Number} differs from the file");
                seen.Add(part.Spec.Number);
            }
        });
        slicer.LinkTo(sink, new DataflowLinkOptions { PropagateCompletion = true });
        Assert.True(slicer.Post(parts));
        slicer.Complete();
        await sink.Completion.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(parts.Select(p => p.Number), seen);
        Assert.Empty(failures);
        Assert.Equal(0, pool.CopiedParts);
    }

    [Fact]
    public async Task SlicerBlock_FileShorterThanLayout_ReportsSourceEndedAndCompletes()
    {
        var (path, _) = RandomFile(2 * PartSize);
        using var pool = new PartArrayPool(PartSize, 3, streamFromFile: false);
        using var handle = File.OpenHandle(path);
        var failures = new List<Exception>();
        var slicer = SlicerBlock.Create(handle, pool, failures.Add, CancellationToken.None);
        var sink = new ActionBlock<SlicedPart>(part => part.Dispose());
        slicer.LinkTo(sink, new DataflowLinkOptions { PropagateCompletion = true });
        slicer.Post(Layout(3 * PartSize));
        slicer.Complete();
        await sink.Completion.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.IsType<SourceEndedException>(Assert.Single(failures));
    }

    public void Dispose() => temp.Dispose();

    private static async Task<List<SlicedPart>> ReadAllAsync(string path, IReadOnlyList<PartSpec> parts, PartArrayPool pool)
    {
        var held = new List<SlicedPart>();
        using var handle = File.OpenHandle(path);
        try
        {
            await foreach (var part in Slicer.ReadAsync(handle, parts, pool, CancellationToken.None))
            {
                held.Add(part);
            }
        }
        catch
        {
            held.ForEach(p => p.Dispose());
            throw;
        }

        return held;
    }

    private static List<PartSpec> Layout(long length)
    {
        var layout = new PartLayout(length, PartSize, (int)((length + PartSize - 1) / PartSize));
        return [.. Enumerable.Range(1, layout.PartCount).Select(layout.Part)];
    }

    private (string Path, byte[] Bytes) RandomFile(long length)
    {
        var path = temp.RandomFile("source.bin", length, seed: 11);
        return (path, File.ReadAllBytes(path));
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
