namespace ResumableUpload.Cleanup;

/// <summary>
/// The uploads on one target that checkpoints of a store record: by upload id, and by object for a checkpoint that
/// records only the intent (its run stopped around initiate, so the upload it started has no id on record).
/// </summary>
internal sealed class CheckpointedUploads
{
    private readonly HashSet<string> uploadIds = new(StringComparer.Ordinal);
    private readonly HashSet<ObjectLocation> intents = [];

    public static CheckpointedUploads None { get; } = new();

    public static async Task<CheckpointedUploads> ReadAsync(ICheckpointStore? store, string targetIdentity, CancellationToken cancellationToken)
    {
        if (store is null)
        {
            return None;
        }

        var result = new CheckpointedUploads();
        await foreach (var entry in store.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            // An unreadable checkpoint names no upload; the next upload of its file discards it and aborts by key.
            if (entry.Checkpoint?.Header is not { } header || !string.Equals(header.TargetIdentity, targetIdentity, StringComparison.Ordinal))
            {
                continue;
            }

            if (header.UploadId.Length == 0)
            {
                result.intents.Add(header.Location);
            }
            else
            {
                result.uploadIds.Add(header.UploadId);
            }
        }

        return result;
    }

    public bool Protects(PendingUpload upload) => uploadIds.Contains(upload.UploadId) || intents.Contains(upload.Location);

    internal static CheckpointedUploads Of(IEnumerable<string> uploadIds, IEnumerable<ObjectLocation>? intents = null)
    {
        var result = new CheckpointedUploads();
        result.uploadIds.UnionWith(uploadIds);
        result.intents.UnionWith(intents ?? []);
        return result;
    }
}
