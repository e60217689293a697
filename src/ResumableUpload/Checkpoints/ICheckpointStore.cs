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

    /// <summary>
    /// Says whether the store may hold a checkpoint, or a lease, for <paramref name="key"/>. An upload small enough for
    /// one request writes no checkpoint, so when this is <see langword="false"/> it goes without the lease (the file
    /// store then creates and deletes no lock file for each small file of a batch). When a checkpoint or a lease does
    /// exist, the upload takes the lease as always: it may have an earlier multipart upload to abort, or meet a live
    /// holder. The default, <see langword="true"/>, always takes the lease.
    /// </summary>
    /// <param name="key">The checkpoint.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="false"/> only when the store holds neither a checkpoint nor a lease for the key.</returns>
    ValueTask<bool> MayHoldAsync(CheckpointKey key, CancellationToken cancellationToken = default) => ValueTask.FromResult(true);

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
