namespace ResumableUpload;

/// <summary>
/// Where checkpoints live. A checkpoint is only ever read or written through an exclusive
/// <see cref="ICheckpointLease"/>, so two processes never drive one upload.
/// </summary>
/// <remarks>Run <c>ResumableUpload.Testing.CheckpointStoreContractTests</c> against your own implementation.</remarks>
public interface ICheckpointStore
{
    /// <summary>Takes the exclusive lease on one checkpoint (which may not exist yet).</summary>
    /// <param name="key">The checkpoint.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The lease; dispose it to release.</returns>
    /// <exception cref="CheckpointLockedException">Another holder has a live lease. Thrown at once, never after waiting.</exception>
    Task<ICheckpointLease> AcquireAsync(CheckpointKey key, CancellationToken cancellationToken = default);

    /// <summary>Lists the stored checkpoints without taking their leases (for status displays).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Each checkpoint, or the reason it could not be read.</returns>
    IAsyncEnumerable<CheckpointEntry> ListAsync(CancellationToken cancellationToken = default);
}

/// <summary>A stored checkpoint as listed by <see cref="ICheckpointStore.ListAsync"/>.</summary>
/// <param name="Key">The key.</param>
/// <param name="Checkpoint">The checkpoint, or <see langword="null"/> when it could not be read.</param>
/// <param name="Problem">Why it could not be read, or <see langword="null"/>.</param>
public sealed record CheckpointEntry(CheckpointKey Key, UploadCheckpoint? Checkpoint, string? Problem);
