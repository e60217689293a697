namespace ResumableUpload.Pipeline;

/// <summary>What the store holds for a key: nothing, a checkpoint, or something unreadable (with the reason).</summary>
internal sealed record StoredCheckpoint
{
    private StoredCheckpoint(UploadCheckpoint? checkpoint, string? corruptReason)
    {
        Checkpoint = checkpoint;
        CorruptReason = corruptReason;
    }

    public static StoredCheckpoint None { get; } = new(null, null);

    /// <summary>Gets the checkpoint read, or <see langword="null"/> when there is none or it is unreadable.</summary>
    public UploadCheckpoint? Checkpoint { get; }

    /// <summary>Gets why the stored checkpoint is unreadable, or <see langword="null"/>.</summary>
    public string? CorruptReason { get; }

    public bool IsCorrupt => CorruptReason is not null;

    public static StoredCheckpoint Of(UploadCheckpoint checkpoint) => new(checkpoint, null);

    public static StoredCheckpoint Corrupt(string reason) => new(null, reason);

    /// <summary>Reads the lease's checkpoint, turning a corrupt one into a value instead of an exception.</summary>
    public static async Task<StoredCheckpoint> LoadAsync(ICheckpointLease lease, CancellationToken cancellationToken)
    {
        try
        {
            var checkpoint = await lease.LoadAsync(cancellationToken).ConfigureAwait(false);
            return checkpoint is null ? None : Of(checkpoint);
        }
        catch (CheckpointCorruptException ex)
        {
            return Corrupt(ex.Message);
        }
    }
}
