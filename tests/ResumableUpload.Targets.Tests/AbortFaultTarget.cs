namespace ResumableUpload.Targets.Tests;

/// <summary>
/// Passes every call to a real target, but refuses the abort of one chosen upload with a permanent error: a fault a
/// real server cannot be asked for on demand.
/// </summary>
internal sealed class AbortFaultTarget(IMultipartTarget inner) : IMultipartTarget
{
    /// <summary>Gets or sets the upload id whose abort fails with <see cref="TargetErrorKind.AccessDenied"/>.</summary>
    public string? FailAbortOf { get; set; }

    /// <summary>Gets or sets how many of the next aborts fail with a transient error (503) before reaching the target.</summary>
    public int TransientAbortFailures { get; set; }

    /// <summary>Gets the number of abort calls received.</summary>
    public int AbortCalls { get; private set; }

    public string Identity => inner.Identity;

    public TargetCapabilities Capabilities => inner.Capabilities;

    public Task<string> InitiateAsync(ObjectLocation location, ObjectProperties properties, ChecksumAlgorithm algorithm, CancellationToken cancellationToken = default)
        => inner.InitiateAsync(location, properties, algorithm, cancellationToken);

    public Task<UploadedPart> UploadPartAsync(PartUploadRequest request, CancellationToken cancellationToken = default)
        => inner.UploadPartAsync(request, cancellationToken);

    public IAsyncEnumerable<UploadedPart> ListPartsAsync(ObjectLocation location, string uploadId, CancellationToken cancellationToken = default)
        => inner.ListPartsAsync(location, uploadId, cancellationToken);

    public Task<CompletedObject> CompleteAsync(ObjectLocation location, string uploadId, IReadOnlyList<PartRecord> parts, PartChecksums objectCrc, CancellationToken cancellationToken = default)
        => inner.CompleteAsync(location, uploadId, parts, objectCrc, cancellationToken);

    public Task AbortAsync(ObjectLocation location, string uploadId, CancellationToken cancellationToken = default)
    {
        AbortCalls++;
        if (TransientAbortFailures > 0)
        {
            TransientAbortFailures--;
            throw new TargetException(TargetErrorKind.Transient, "ServiceUnavailable", "Injected: abort unavailable.", "fault-abort", 503);
        }

        return uploadId == FailAbortOf
            ? throw new TargetException(TargetErrorKind.AccessDenied, "AccessDenied", "Injected: abort refused.", "fault-abort", 403)
            : inner.AbortAsync(location, uploadId, cancellationToken);
    }

    public IAsyncEnumerable<PendingUpload> ListUploadsAsync(string bucket, string keyPrefix, CancellationToken cancellationToken = default)
        => inner.ListUploadsAsync(bucket, keyPrefix, cancellationToken);

    public Task<CompletedObject> PutAsync(ObjectLocation location, Stream content, long length, PartChecksums checksums, ObjectProperties properties, CancellationToken cancellationToken = default)
        => inner.PutAsync(location, content, length, checksums, properties, cancellationToken);
}
