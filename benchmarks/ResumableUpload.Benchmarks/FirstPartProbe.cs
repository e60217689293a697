namespace ResumableUpload.Benchmarks;

/// <summary>
/// Wraps a target and ends the upload at its first part request by cancelling it: the time from
/// <see cref="ResumableUploader.UploadAsync"/> to that moment is the time to the first part sent. A cancelled upload
/// keeps its checkpoint, so every iteration resumes the same state. Everything else goes to the wrapped target.
/// </summary>
internal sealed class FirstPartProbe(IMultipartTarget inner) : IMultipartTarget
{
    private CancellationTokenSource? stop;

    public string Identity => inner.Identity;

    public TargetCapabilities Capabilities => inner.Capabilities;

    public int LastPartNumber { get; private set; }

    /// <summary>Arms the probe for one upload run with <paramref name="source"/>'s token.</summary>
    public void Arm(CancellationTokenSource source)
    {
        stop = source;
        LastPartNumber = 0;
    }

    public Task<UploadedPart> UploadPartAsync(PartUploadRequest request, CancellationToken cancellationToken = default)
    {
        LastPartNumber = request.PartNumber;
        stop!.Cancel();
        throw new OperationCanceledException(cancellationToken);
    }

    public Task<string> InitiateAsync(ObjectLocation location, ObjectProperties properties, ChecksumAlgorithm algorithm, CancellationToken cancellationToken = default)
        => inner.InitiateAsync(location, properties, algorithm, cancellationToken);

    public IAsyncEnumerable<UploadedPart> ListPartsAsync(ObjectLocation location, string uploadId, CancellationToken cancellationToken = default)
        => inner.ListPartsAsync(location, uploadId, cancellationToken);

    public Task<CompletedObject> CompleteAsync(ObjectLocation location, string uploadId, IReadOnlyList<PartRecord> parts, PartChecksums objectCrc, CancellationToken cancellationToken = default)
        => inner.CompleteAsync(location, uploadId, parts, objectCrc, cancellationToken);

    public Task AbortAsync(ObjectLocation location, string uploadId, CancellationToken cancellationToken = default)
        => inner.AbortAsync(location, uploadId, cancellationToken);

    public IAsyncEnumerable<PendingUpload> ListUploadsAsync(string bucket, string keyPrefix, CancellationToken cancellationToken = default)
        => inner.ListUploadsAsync(bucket, keyPrefix, cancellationToken);

    public Task<CompletedObject> PutAsync(ObjectLocation location, Stream content, long length, PartChecksums checksums, ObjectProperties properties, CancellationToken cancellationToken = default)
        => inner.PutAsync(location, content, length, checksums, properties, cancellationToken);
}
