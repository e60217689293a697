namespace ResumableUpload.Cleanup;

/// <summary>
/// The one place a sweep acts: lists the uploads under a prefix (to the end, before any abort, so aborting cannot
/// shift the listing under the pager), plans with <see cref="SweepPlanner"/>, then aborts one by one through <see cref="UploadCleanup"/>, recording a
/// failure and going on. The target it is given retries every call (<see cref="RetryingMultipartTarget"/>).
/// </summary>
internal sealed class IncompleteUploadSweeper(IMultipartTarget target, UploadCleanup cleanup, ICheckpointStore? store, TimeProvider timeProvider)
{
    public async Task<SweepResult> SweepAsync(string bucket, string keyPrefix, TimeSpan olderThan, bool dryRun, CancellationToken cancellationToken)
    {
        var cutoff = timeProvider.GetUtcNow() - olderThan;
        var uploads = new List<PendingUpload>();
        await foreach (var upload in target.ListUploadsAsync(bucket, keyPrefix, cancellationToken).ConfigureAwait(false))
        {
            uploads.Add(upload);
        }

        var checkpointed = await CheckpointedUploads.ReadAsync(store, target.Identity, cancellationToken).ConfigureAwait(false);
        var plan = SweepPlanner.Plan(uploads, cutoff, checkpointed);
        if (dryRun)
        {
            return new SweepResult { DryRun = true, Cutoff = cutoff, Aborted = plan.ToAbort, AlreadyGone = [], Protected = plan.Protected, Failures = [] };
        }

        var aborted = new List<PendingUpload>();
        var gone = new List<PendingUpload>();
        var failures = new List<SweepFailure>();
        foreach (var upload in plan.ToAbort)
        {
            try
            {
                var wasThere = await cleanup.TryAbortAsync(upload.Location, upload.UploadId, cancellationToken).ConfigureAwait(false);
                (wasThere ? aborted : gone).Add(upload);
            }
            catch (TargetException ex)
            {
                failures.Add(new SweepFailure(upload, ex));
            }
        }

        return new SweepResult { DryRun = false, Cutoff = cutoff, Aborted = aborted, AlreadyGone = gone, Protected = plan.Protected, Failures = failures };
    }
}
