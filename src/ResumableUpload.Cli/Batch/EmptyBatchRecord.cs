namespace ResumableUpload.Cli.Batch;

/// <summary>
/// After a configuration error stopped a batch: its record goes when it holds no file, so a refused batch leaves
/// nothing behind, as a refused single upload does. A record that lists files stays (a rerun skips them).
/// </summary>
internal static class EmptyBatchRecord
{
    public static async Task DeleteAsync(ICheckpointStore store, string targetIdentity, string batchId, CancellationToken cancellationToken)
    {
        var keys = new List<CheckpointKey>();
        await foreach (var entry in store.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (IsEmptyRecordOf(entry.Checkpoint, targetIdentity, batchId))
            {
                keys.Add(entry.Key);
            }
        }

        foreach (var key in keys)
        {
            var lease = await store.AcquireAsync(key, cancellationToken).ConfigureAwait(false);
            await using (lease.ConfigureAwait(false))
            {
                // Read again under the lease: another run of the batch may have recorded a file since the listing.
                if (IsEmptyRecordOf(await lease.LoadAsync(cancellationToken).ConfigureAwait(false), targetIdentity, batchId))
                {
                    await lease.DeleteAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private static bool IsEmptyRecordOf(UploadCheckpoint? checkpoint, string targetIdentity, string batchId)
        => checkpoint is not null
            && BatchCheckpoint.From(checkpoint) is { FilesDone: 0 } batch
            && string.Equals(batch.BatchId, batchId, StringComparison.Ordinal)
            && string.Equals(batch.TargetIdentity, targetIdentity, StringComparison.Ordinal);
}
