using System.Net;

namespace ResumableUpload.S3;

/// <summary>
/// A part's body for the lean UploadPart path: the stream <see cref="PartUploadRequest.OpenContent"/> gave, copied to the
/// connection with its own <see cref="Stream.CopyToAsync(Stream, CancellationToken)"/> (the pooled buffer, in the
/// slices its wrapper chooses; no copy here), each slice written reported to the request's <see cref="S3StallGuard"/>,
/// with the length known up front (no chunked transfer encoding).
/// </summary>
internal sealed class S3PartContent(Stream body, long length, S3StallGuard guard) : HttpContent
{
    private readonly long length = length;
    private bool sent;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        // HttpClient sends again on a fresh connection when a pooled one was closed under it: start over, or give up
        // (an IOException, which the uploader retries with a fresh stream) when the stream cannot rewind.
        if (sent)
        {
            if (!body.CanSeek)
            {
                throw new IOException("The part's body was partly sent and cannot be sent again on this attempt.");
            }

            body.Position = 0;
        }

        sent = true;
        return body.CopyToAsync(new MovingStream(stream, guard), cancellationToken);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = this.length;
        return true;
    }

    // The connection as the body sees it: every slice written tells the guard the request still moves. A body that
    // writes itself in one call (a MemoryStream's CopyToAsync) is cut into slices here, so a large part on a slow link
    // keeps restarting the clock; slicing a ReadOnlyMemory copies nothing.
    private sealed class MovingStream(Stream inner, S3StallGuard guard) : Stream
    {
        private const int SliceSize = 256 * 1024;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            for (var at = 0; at < buffer.Length; at += SliceSize)
            {
                await inner.WriteAsync(buffer.Slice(at, Math.Min(SliceSize, buffer.Length - at)), cancellationToken).ConfigureAwait(false);
                guard.Moved();
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count)
        {
            for (var at = 0; at < count; at += SliceSize)
            {
                inner.Write(buffer, offset + at, Math.Min(SliceSize, count - at));
                guard.Moved();
            }
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
