using ResumableUpload.Engine;
using ResumableUpload.Telemetry;

namespace ResumableUpload.Pipeline;

/// <summary>
/// The I/O around a pure plan for sources other than files: load the checkpoint, plan, list the target's parts only
/// when the plan is to resume and plan again, then carry out a discard (abort, delete) when that is the plan.
/// </summary>
internal static class SessionPlanning
{
    /// <summary>Returns the checkpoint to resume (its ledger reduced to the parts the server confirms), or <see langword="null"/> to start fresh.</summary>
    public static async Task<UploadCheckpoint?> PlanAsync(TransferEngine engine, ICheckpointLease lease, CheckpointHeader expected, Func<StoredCheckpoint, PartListing, UploadPlan> plan, CancellationToken cancellationToken)
    {
        var stored = await StoredCheckpoint.LoadAsync(lease, cancellationToken).ConfigureAwait(false);
        var decided = plan(stored, PartListing.NotListed);
        if (decided is UploadPlan.Resume ledgerOnly && engine.Target.Capabilities.CanListParts)
        {
            decided = plan(stored, await ListPartsAsync(engine.Target, ledgerOnly.Checkpoint.Header, cancellationToken).ConfigureAwait(false));
        }

        switch (decided)
        {
            case UploadPlan.Resume resume:
                return resume.Checkpoint;
            case UploadPlan.DiscardThenFresh discard:
                Log.CheckpointDiscarded(engine.Logger, lease.Key, expected.Location, discard.Reason);
                await new Cleanup.UploadCleanup(engine.Target, engine.Logger).DiscardCheckpointAsync(lease, discard.Abort, cancellationToken).ConfigureAwait(false);
                return null;
            default:
                return null;
        }
    }

    public static async Task<PartListing> ListPartsAsync(IMultipartTarget target, CheckpointHeader header, CancellationToken cancellationToken)
    {
        var parts = new List<UploadedPart>();
        try
        {
            await foreach (var part in target.ListPartsAsync(header.Location, header.UploadId, cancellationToken).ConfigureAwait(false))
            {
                parts.Add(part);
            }
        }
        catch (TargetException ex) when (ex.Kind == TargetErrorKind.UploadNotFound)
        {
            return PartListing.UploadNotFound(ex.ErrorCode);
        }

        return PartListing.Of(parts);
    }
}
