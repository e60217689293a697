using System.Net;
using System.Net.Http.Headers;

namespace ResumableUpload;

/// <summary>
/// An HTTP(S) object served with <c>Range</c> support (an S3 presigned or public URL, say): copies between stores
/// resumably. The length and version (ETag, else Last-Modified) come from a one-byte request for the last byte, so a
/// resume fetches nothing before its resume point; each run of parts is one <c>Range: bytes=offset-</c> request,
/// guarded by <c>If-Match</c> so that a changed object fails instead of mixing.
/// </summary>
public sealed class HttpRangeSource : ReopenableSource
{
    private readonly HttpClient client;
    private readonly string identity;

    /// <summary>Initializes a new instance of the <see cref="HttpRangeSource"/> class.</summary>
    /// <param name="uri">The object's URL (http or https).</param>
    /// <param name="httpClient">The client to send requests with (not disposed), or <see langword="null"/> for a shared one.</param>
    /// <param name="identity">The stable name of the object for its checkpoint, or <see langword="null"/> for the URL without its query (whose signature changes with every presigned URL).</param>
    public HttpRangeSource(Uri uri, HttpClient? httpClient = null, string? identity = null)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{uri}' is not an http or https URL.", nameof(uri));
        }

        Uri = uri;
        client = httpClient ?? SharedClient.Value;
        this.identity = identity ?? uri.GetLeftPart(UriPartial.Path);
    }

    /// <summary>Gets the object's URL.</summary>
    public Uri Uri { get; }

    /// <inheritdoc />
    public override string Identity => identity;

    private static Lazy<HttpClient> SharedClient { get; } = new(() => new HttpClient { Timeout = Timeout.InfiniteTimeSpan });

    /// <inheritdoc />
    public override async Task<SourceDescription> DescribeAsync(CancellationToken cancellationToken = default)
    {
        // The last byte, not the first: a resume must not fetch anything before its resume point.
        using var request = new HttpRequestMessage(HttpMethod.Get, Uri);
        request.Headers.Range = new RangeHeaderValue(null, 1);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var version = response.Headers.ETag?.ToString() ?? response.Content.Headers.LastModified?.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        return response.StatusCode switch
        {
            HttpStatusCode.PartialContent when response.Content.Headers.ContentRange?.Length is { } length => new SourceDescription(length, version),
            HttpStatusCode.RequestedRangeNotSatisfiable => new SourceDescription(response.Content.Headers.ContentRange?.Length ?? 0, version),
            HttpStatusCode.OK when response.Content.Headers.ContentLength is 0 or 1 => new SourceDescription(response.Content.Headers.ContentLength.Value, version),
            HttpStatusCode.OK => throw new NotSupportedException($"{Identity} does not answer Range requests (200 to a request for its last byte): it cannot be read resumably."),
            _ => throw Failed(response),
        };
    }

    /// <inheritdoc />
    public override async Task<Stream> OpenAtAsync(long offset, SourceDescription description, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(description);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        using var request = new HttpRequestMessage(HttpMethod.Get, Uri);
        request.Headers.Range = new RangeHeaderValue(offset, null);
        if (description.Version is { } version && EntityTagHeaderValue.TryParse(version, out var etag) && !etag.IsWeak)
        {
            request.Headers.IfMatch.Add(etag);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        try
        {
            var range = response.Content.Headers.ContentRange;
            var changed = response.StatusCode switch
            {
                HttpStatusCode.PreconditionFailed => "its ETag changed",
                HttpStatusCode.PartialContent when range?.From != offset || range.Length != description.Length => $"it answered bytes {range?.From}-{range?.To}/{range?.Length} to a request from byte {offset} of {description.Length}",
                HttpStatusCode.OK when offset != 0 || response.Content.Headers.ContentLength != description.Length => "it answered the whole object to a Range request",
                HttpStatusCode.PartialContent or HttpStatusCode.OK => null,
                _ => throw Failed(response),
            };
            if (changed is not null)
            {
                throw new SourceChangedException($"The source {Identity} changed during the upload ({changed}); the object was not completed. Run the upload again to send the new content.");
            }

            return new ResponseStream(response, await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private IOException Failed(HttpResponseMessage response)
        => new($"GET {Identity} failed: {(int)response.StatusCode} {response.ReasonPhrase}.");

    /// <summary>The body of a response, which disposes the response with it.</summary>
    private sealed class ResponseStream(HttpResponseMessage response, Stream body) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => body.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => body.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => body.ReadAsync(buffer, offset, count, cancellationToken);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                body.Dispose();
                response.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
