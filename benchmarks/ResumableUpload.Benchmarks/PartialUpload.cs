namespace ResumableUpload.Benchmarks;

/// <summary>
/// Leaves an upload with every part but the last sent and checkpointed, through the real uploader: the last part's
/// request waits until all the others are committed, then fails with a permanent error, which keeps the checkpoint.
/// </summary>
internal static class PartialUpload
{
    public static async Task CreateAsync(IMultipartTarget target, ICheckpointStore store, UploadOptions options, string source, string key, int partCount)
    {
        var committed = new CommittedParts();
        var holdBack = new LastPartHeldBack(target, partCount, committed);
        var uploader = new ResumableUploader(holdBack, store, options);
        try
        {
            await uploader.UploadAsync(new UploadRequest { SourcePath = source, Key = key, Progress = committed });
            throw new InvalidOperationException("The upload completed; the last part was meant to be held back.");
        }
        catch (TargetException ex) when (ex.ErrorCode == LastPartHeldBack.ErrorCode)
        {
            // Expected: parts 1 to partCount - 1 are on the target and in the checkpoint.
        }

        if (committed.Count != partCount - 1)
        {
            throw new InvalidOperationException($"{committed.Count} parts were committed; expected {partCount - 1}.");
        }
    }

    /// <summary>Progress without a synchronization context: the committer's reports arrive at once.</summary>
    private sealed class CommittedParts : IProgress<UploadProgress>
    {
        private int count;

        public int Count => Volatile.Read(ref count);

        public void Report(UploadProgress value) => Volatile.Write(ref count, value.CompletedParts);
    }

    private sealed class LastPartHeldBack(IMultipartTarget inner, int partCount, CommittedParts committed) : IMultipartTarget
    {
        public const string ErrorCode = "HeldBack";

        public string Identity => inner.Identity;

        public TargetCapabilities Capabilities => inner.Capabilities;

        public async Task<UploadedPart> UploadPartAsync(PartUploadRequest request, CancellationToken cancellationToken = default)
        {
            if (request.PartNumber != partCount)
            {
                return await inner.UploadPartAsync(request, cancellationToken);
            }

            while (committed.Count < partCount - 1)
            {
                await Task.Delay(10, cancellationToken);
            }

            throw new TargetException(TargetErrorKind.Permanent, ErrorCode, "The last part is held back on purpose.");
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
}
