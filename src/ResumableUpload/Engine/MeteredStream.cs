namespace ResumableUpload.Engine;

/// <summary>
/// What the engine hands a target instead of a part's (or a single put's) bytes: the same stream, counted as the
/// target reads it, so progress moves inside a part (<see cref="Pipeline.PartFlow"/>), and paced by the engine's one
/// bandwidth cap, taking tokens per slice. Targets see an ordinary read-only stream, read once per attempt from its
/// start by Read/ReadAsync or CopyTo/CopyToAsync. Copying out of a MemoryStream writes its array in slices straight
/// to the destination: no managed copy is added. Only bytes past the furthest point this attempt reached count, so a
/// target that seeks back and reads again is not counted twice; going back to the start is a new attempt (a retried
/// put), which drops what the last attempt counted.
/// </summary>
internal sealed class MeteredStream : Stream
{
    /// <summary>The largest slice read or written between two token takes.</summary>
    public const int MaxSliceSize = 256 * 1024;

    private readonly Stream inner;
    private readonly Pipeline.PartFlow flow;
    private readonly BandwidthLimit? limit;
    private readonly long start;
    private readonly int slice;
    private long reached;

    public MeteredStream(Stream inner, Pipeline.PartFlow flow, BandwidthLimit? limit)
    {
        this.inner = inner;
        this.flow = flow;
        this.limit = limit;
        start = inner.CanSeek ? inner.Position : 0;
        slice = limit?.SliceSize ?? MaxSliceSize;
        flow.Restart();
    }

    /// <summary>Gets the stream metered: the part's buffer or its file segment.</summary>
    public Stream Inner => inner;

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => inner.CanSeek;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => MoveTo(value);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer[..Math.Min(buffer.Length, slice)]);
        var counted = NewBytes(read);
        limit?.Acquire(counted);
        flow.Add(counted);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer[..Math.Min(buffer.Length, slice)], cancellationToken).ConfigureAwait(false);
        await CountAsync(NewBytes(read), cancellationToken).ConfigureAwait(false);
        return read;
    }

    public override async Task CopyToAsync(Stream destination, int bufferSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (inner is not MemoryStream memory || !memory.TryGetBuffer(out var whole))
        {
            await base.CopyToAsync(destination, bufferSize, cancellationToken).ConfigureAwait(false);
            return;
        }

        // The pooled part buffer itself, a slice at a time: tokens first, then the write, then the count.
        while (memory.Position < whole.Count)
        {
            var position = (int)memory.Position;
            var bytes = whole.AsMemory(position, Math.Min(slice, whole.Count - position));
            var counted = (int)Math.Max(0, position + bytes.Length - start - reached);
            if (limit is not null)
            {
                await limit.AcquireAsync(counted, cancellationToken).ConfigureAwait(false);
            }

            await destination.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            memory.Position = position + bytes.Length;
            reached += counted;
            flow.Add(counted);
        }
    }

    public override void CopyTo(Stream destination, int bufferSize)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (inner is not MemoryStream memory || !memory.TryGetBuffer(out var whole))
        {
            base.CopyTo(destination, bufferSize);
            return;
        }

        while (memory.Position < whole.Count)
        {
            var position = (int)memory.Position;
            var bytes = whole.AsSpan(position, Math.Min(slice, whole.Count - position));
            var counted = (int)Math.Max(0, position + bytes.Length - start - reached);
            limit?.Acquire(counted);
            destination.Write(bytes);
            memory.Position = position + bytes.Length;
            reached += counted;
            flow.Add(counted);
        }
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => inner.Position + offset,
            SeekOrigin.End => inner.Length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        MoveTo(target);
        return inner.Position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void MoveTo(long position)
    {
        inner.Position = position;
        if (position <= start && reached > 0)
        {
            // Back at the start: the retry layer is sending the put again. What the failed attempt counted is dropped.
            reached = 0;
            flow.Restart();
        }
    }

    /// <summary>The bytes of a read that go past the furthest point this attempt reached; the only ones counted.</summary>
    private int NewBytes(int read)
    {
        if (read <= 0)
        {
            return 0;
        }

        var end = inner.CanSeek ? inner.Position - start : reached + read;
        var counted = (int)Math.Max(0, end - reached);
        reached += counted;
        return counted;
    }

    private async ValueTask CountAsync(int counted, CancellationToken cancellationToken)
    {
        if (limit is not null)
        {
            await limit.AcquireAsync(counted, cancellationToken).ConfigureAwait(false);
        }

        flow.Add(counted);
    }
}
