using ResumableUpload.Sources;

namespace ResumableUpload.Batch;

/// <summary>
/// Abandons an unfinished batch: deletes its record in the store and aborts the interrupted uploads of its files (the
/// per-file checkpoints of this target whose object is under the batch's prefix), each through the uploader's own
/// single-file abort. The batch's lease is held throughout, so no run of that batch starts in between; a run in
/// progress makes it fail with <see cref="CheckpointLockedException"/>.
/// </summary>
internal sealed class BatchAborter(ICheckpointStore store, string targetIdentity, Func<UploadRequest, CancellationToken, Task<bool>> abortFile)
{
    public async Task<BatchAbortResult> AbortAsync(string batchId, string bucket, string keyPrefix, CancellationToken cancellationToken)
    {
        // The whole listing first, then the deletions: removing entries cannot shift a listing still being read.
        var ledgers = new List<CheckpointKey>();
        var files = new List<CheckpointHeader>();
        await foreach (var entry in store.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (entry.Checkpoint is not { } checkpoint || !string.Equals(checkpoint.Header.TargetIdentity, targetIdentity, StringComparison.Ordinal))
            {
                continue;
            }

            if (BatchCheckpoint.From(checkpoint) is { } batch)
            {
                if (string.Equals(batch.BatchId, batchId, StringComparison.Ordinal))
                {
                    ledgers.Add(entry.Key);
                }
            }
            else if (string.Equals(checkpoint.Header.Location.Bucket, bucket, StringComparison.Ordinal)
                && checkpoint.Header.Location.Key.StartsWith(keyPrefix, StringComparison.Ordinal))
            {
                files.Add(checkpoint.Header);
            }
        }

        var leases = new List<ICheckpointLease>();
        try
        {
            foreach (var key in ledgers)
            {
                leases.Add(await store.AcquireAsync(key, cancellationToken).ConfigureAwait(false));
            }

            var aborted = new List<ObjectLocation>();
            foreach (var header in files)
            {
                var request = new UploadRequest { Source = new RecordedSource(header.Source.Path), Bucket = header.Location.Bucket, Key = header.Location.Key };
                if (await abortFile(request, cancellationToken).ConfigureAwait(false))
                {
                    aborted.Add(header.Location);
                }
            }

            foreach (var lease in leases)
            {
                await lease.DeleteAsync(cancellationToken).ConfigureAwait(false);
            }

            return new BatchAbortResult { BatchCheckpointsDeleted = leases.Count, AbortedUploads = aborted };
        }
        finally
        {
            foreach (var lease in leases)
            {
                await lease.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
