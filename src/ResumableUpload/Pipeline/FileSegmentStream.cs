using Microsoft.Win32.SafeHandles;

namespace ResumableUpload.Pipeline;

/// <summary>
/// A read-only, seekable view of [offset, offset + length) of an open file, read with positioned reads so that
/// several views share one handle without sharing a position. Does not own the handle.
/// </summary>
internal sealed class FileSegmentStream(SafeFileHandle handle, long offset, long length) : Stream
{
    private long position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => position;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            position = value;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = RandomAccess.Read(handle, Clip(buffer.Length) is var n && n > 0 ? buffer[..n] : [], offset + position);
        return Advance(read, buffer.Length);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // Source handles are opened for synchronous I/O: on Linux, file "async" reads are blocking reads on the
        // thread pool anyway, and reading from the page cache directly is faster. Callers that must not block
        // (none on the upload path) are not given this stream.
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => position + offset,
            SeekOrigin.End => length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        return position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Clip(int requested) => (int)Math.Min(requested, Math.Max(0, length - position));

    private int Advance(int read, int requested)
    {
        if (read == 0 && requested > 0 && position < length)
        {
            throw new SourceEndedException(offset + position, offset + length);
        }

        position += read;
        return read;
    }
}
