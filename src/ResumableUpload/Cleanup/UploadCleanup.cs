using Microsoft.Extensions.Logging;
using ResumableUpload.Telemetry;

namespace ResumableUpload.Cleanup;

/// <summary>
/// Every abort and clean-up in one place: abort one upload (already gone counts as done), abort every upload of a
/// key, and discard a checkpoint (check the lease is still held → abort → delete the checkpoint). The upload session,
/// <see cref="ResumableUploader.AbortAsync"/> and the sweeper all go through here. The target it is given retries
/// every call (<see cref="RetryingMultipartTarget"/>).
/// </summary>
internal sealed class UploadCleanup(IMultipartTarget target, ILogger logger)
{
    /// <summary>Aborts one upload: <see langword="true"/> when aborted, <see langword="false"/> when it was already gone.</summary>
    /// <exception cref="TargetException">The abort failed permanently or kept failing.</exception>
    public async Task<bool> TryAbortAsync(ObjectLocation location, string uploadId, CancellationToken cancellationToken)
    {
        try
        {
            await target.AbortAsync(location, uploadId, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TargetException ex) when (ex.Kind == TargetErrorKind.UploadNotFound)
        {
            return false;
        }
    }

    /// <summary>Aborts one upload, best effort: a failure is logged, not thrown; then checks the target no longer lists it.</summary>
    public async Task AbortAsync(ObjectLocation location, string uploadId, CancellationToken cancellationToken)
    {
        try
        {
            if (!await TryAbortAsync(location, uploadId, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            Log.AbortedOldUpload(logger, uploadId, location);
        }
        catch (TargetException ex)
        {
            Log.AbortFailed(logger, uploadId, location, ex.Message);
            return;
        }

        try
        {
            await foreach (var pending in target.ListUploadsAsync(location.Bucket, location.Key, cancellationToken).ConfigureAwait(false))
            {
                if (pending.UploadId == uploadId && pending.Location == location)
                {
                    Log.AbortNotVerified(logger, uploadId, location);
                }
            }
        }
        catch (Exception ex) when (ex is TargetException or NotSupportedException)
        {
            // Verification is best effort; the abort itself succeeded.
        }
    }

    /// <summary>Aborts every upload in progress for exactly this object, best effort (for checkpoints that name none).</summary>
    public async Task AbortAllForKeyAsync(ObjectLocation location, CancellationToken cancellationToken)
    {
        var orphans = new List<string>();
        try
        {
            await foreach (var pending in target.ListUploadsAsync(location.Bucket, location.Key, cancellationToken).ConfigureAwait(false))
            {
                if (pending.Location == location)
                {
                    orphans.Add(pending.UploadId);
                }
            }
        }
        catch (Exception ex) when (ex is TargetException or NotSupportedException)
        {
            Log.AbortFailed(logger, "(unknown)", location, ex.Message);
            return;
        }

        foreach (var uploadId in orphans)
        {
            await AbortAsync(location, uploadId, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Aborts what <paramref name="uploads"/> names, best effort.</summary>
    public Task AbortAsync(UploadsToAbort uploads, CancellationToken cancellationToken)
        => uploads.UploadId is { } uploadId
            ? AbortAsync(uploads.Location, uploadId, cancellationToken)
            : AbortAllForKeyAsync(uploads.Location, cancellationToken);

    /// <summary>
    /// Discards the lease's checkpoint: checks the lease is still held (abort only an upload this lease still owns:
    /// planning or a failure may have taken long), aborts <paramref name="uploads"/>, deletes the checkpoint.
    /// </summary>
    /// <exception cref="CheckpointLockedException">The lease was lost; nothing was aborted or deleted.</exception>
    public async Task DiscardCheckpointAsync(ICheckpointLease lease, UploadsToAbort uploads, CancellationToken cancellationToken)
    {
        await lease.EnsureHeldAsync(cancellationToken).ConfigureAwait(false);
        await AbortAsync(uploads, cancellationToken).ConfigureAwait(false);
        await lease.DeleteAsync(cancellationToken).ConfigureAwait(false);
    }
}
