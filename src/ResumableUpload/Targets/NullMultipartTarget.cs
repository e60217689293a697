using System.Globalization;
using System.Runtime.CompilerServices;

namespace ResumableUpload;

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
        // A buffered part arrives as a MemoryStream: touch it the way a socket write would, without a copy.
        if (content is MemoryStream memory && memory.TryGetBuffer(out var segment))
        {
            Interlocked.Add(ref bytesReceived, segment.Count - memory.Position);
            memory.Position = memory.Length;
            return;
        }

        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                Interlocked.Add(ref bytesReceived, read);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
