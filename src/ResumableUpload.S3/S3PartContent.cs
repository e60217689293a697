using System.Net;

namespace ResumableUpload.S3;

/// <summary>
/// A part's body for the lean UploadPart path: the stream <see cref="PartUploadRequest.OpenContent"/> gave, copied to the
/// connection with its own <see cref="Stream.CopyToAsync(Stream, CancellationToken)"/> (the pooled buffer, in the
/// slices its wrapper chooses; no copy here), with the length known up front (no chunked transfer encoding).
/// </summary>
internal sealed class S3PartContent(Stream body, long length) : HttpContent
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
        return body.CopyToAsync(stream, cancellationToken);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = this.length;
        return true;
    }
}
