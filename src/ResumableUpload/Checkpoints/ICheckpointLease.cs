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

    /// <summary>
    /// Confirms that this lease is still held, right before an act only the holder may do (completing or aborting the
    /// upload), and extends an expiring lease by its full duration so the act runs inside it. A holder that stalled
    /// (frozen, paused by a debugger, starved) past its expiry and was taken over learns it here instead of completing
    /// or aborting an upload that is no longer its own.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the lease is confirmed.</returns>
    /// <exception cref="CheckpointLockedException">The lease was lost.</exception>
    /// <remarks>
    /// The default does nothing, which is right only for leases that cannot be lost while their process lives (an OS
    /// file lock). A store whose leases expire must implement it; the contract suite checks that it throws after a
    /// takeover.
    /// </remarks>
    Task EnsureHeldAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>Deletes the checkpoint (after a successful complete, or to start fresh).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    Task DeleteAsync(CancellationToken cancellationToken = default);
}
