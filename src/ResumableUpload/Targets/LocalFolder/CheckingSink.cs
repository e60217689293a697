using System.IO.Hashing;
using System.Security.Cryptography;

namespace ResumableUpload.Targets.LocalFolder;

/// <summary>
/// A write-only stream in front of a part's file: hashes (CRC, MD5 when asked) and counts what passes through. A part
/// (or, for the null target, a body to count) is copied into it with <see cref="Stream.CopyToAsync(Stream, int, CancellationToken)"/>, so a buffered part's array
/// (or the engine's metered slices of it) is written where it is, without a second buffer.
/// </summary>
internal sealed class CheckingSink(Stream output, NonCryptographicHashAlgorithm? crc, IncrementalHash? md5) : Stream
{
    public long Written { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Check(buffer);
        output.Write(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Check(buffer.Span);
        return output.WriteAsync(buffer, cancellationToken);
    }

    public override void Flush() => output.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => output.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private void Check(ReadOnlySpan<byte> bytes)
    {
        crc?.Append(bytes);
        md5?.AppendData(bytes);
        Written += bytes.Length;
    }
}
