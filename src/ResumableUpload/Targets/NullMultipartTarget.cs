using System.Globalization;
using System.Runtime.CompilerServices;

namespace ResumableUpload.Targets;

/// <summary>
/// A target that accepts every part and keeps nothing: it measures the uploader itself (benchmarks, the
/// <c>null:</c> CLI destination). Buffered parts are taken without a copy; streamed parts are read to the end.
/// It does not list parts, so a resume trusts the checkpoint's ledger.
/// </summary>
internal sealed class NullMultipartTarget : IMultipartTarget
{
    private long bytesReceived;

    /// <inheritdoc />
    public string Identity => "null:";

    /// <summary>Gets the number of bytes received so far.</summary>
    public long BytesReceived => Interlocked.Read(ref bytesReceived);

    /// <inheritdoc />
    public TargetCapabilities Capabilities { get; } = new()
    {
        MinPartSize = UploadOptions.MinPartSize,
        MaxPartSize = UploadOptions.MaxPartSize,
        MaxPartCount = 10_000,
        CanListParts = false,
        SupportedProperties = ObjectPropertyFeatures.All, // nothing is stored, so nothing is dropped
    };

    /// <inheritdoc />
    public Task<string> InitiateAsync(ObjectLocation location, ObjectProperties properties, ChecksumAlgorithm algorithm, CancellationToken cancellationToken = default)
        => Task.FromResult(Guid.NewGuid().ToString("N"));

    /// <inheritdoc />
    public async Task<UploadedPart> UploadPartAsync(PartUploadRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var content = request.OpenContent();
        await using (content.ConfigureAwait(false))
        {
            await DrainAsync(content, cancellationToken).ConfigureAwait(false);
        }

        return new UploadedPart(request.PartNumber, request.Length, request.PartNumber.ToString(CultureInfo.InvariantCulture));
    }

    /// <inheritdoc />
    public IAsyncEnumerable<UploadedPart> ListPartsAsync(ObjectLocation location, string uploadId, CancellationToken cancellationToken = default)
        => throw new NotSupportedException("The null target does not list parts.");

    /// <inheritdoc />
    public Task<CompletedObject> CompleteAsync(ObjectLocation location, string uploadId, IReadOnlyList<PartRecord> parts, PartChecksums objectCrc, CancellationToken cancellationToken = default)
        => Task.FromResult(new CompletedObject(string.Empty, null));

    /// <inheritdoc />
    public Task AbortAsync(ObjectLocation location, string uploadId, CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <inheritdoc />
    public async IAsyncEnumerable<PendingUpload> ListUploadsAsync(string bucket, string keyPrefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        yield break;
    }

    /// <inheritdoc />
    public async Task<CompletedObject> PutAsync(ObjectLocation location, Stream content, long length, PartChecksums checksums, ObjectProperties properties, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        await DrainAsync(content, cancellationToken).ConfigureAwait(false);
        return new CompletedObject(string.Empty, null);
    }

    private async Task DrainAsync(Stream content, CancellationToken cancellationToken)
    {
        // Copied, as a socket write would take it: a buffered part's MemoryStream (or the engine's metered slices of it)
        // hands over its array where it is, with no copy.
        var sink = new Targets.LocalFolder.CheckingSink(Stream.Null, crc: null, md5: null);
        await using (sink.ConfigureAwait(false))
        {
            await content.CopyToAsync(sink, 1 << 16, cancellationToken).ConfigureAwait(false);
            Interlocked.Add(ref bytesReceived, sink.Written);
        }
    }
}
