namespace ResumableUpload;

/// <summary>
/// The exclusive right to read and write one checkpoint. Stores with expiring leases renew them while the lease
/// is held and refuse writes (with <see cref="CheckpointLockedException"/>) once another holder has taken over.
/// </summary>
public interface ICheckpointLease : IAsyncDisposable
{
    /// <summary>Gets the checkpoint's key.</summary>
    CheckpointKey Key { get; }

    /// <summary>Loads the checkpoint.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The checkpoint, or <see langword="null"/> when none is stored.</returns>
    /// <exception cref="CheckpointCorruptException">The stored checkpoint fails its checksum or cannot be read.</exception>
    Task<UploadCheckpoint?> LoadAsync(CancellationToken cancellationToken = default);

    /// <summary>Replaces the checkpoint with a new one that has this header and an empty ledger, durably and atomically.</summary>
    /// <param name="header">The header.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    /// <exception cref="CheckpointLockedException">The lease was lost.</exception>
    Task CreateAsync(CheckpointHeader header, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records one finished part. Committing the same part number again replaces the record. The cost does not
    /// grow with the number of parts already recorded. Safe to call from several threads at once.
    /// </summary>
    /// <param name="part">The part.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the record is stored.</returns>
    /// <exception cref="CheckpointLockedException">The lease was lost.</exception>
    ValueTask CommitPartAsync(PartRecord part, CancellationToken cancellationToken = default);

    /// <summary>Deletes the checkpoint (after a successful complete, or to start fresh).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    Task DeleteAsync(CancellationToken cancellationToken = default);
}
