using Microsoft.Win32.SafeHandles;
using ResumableUpload.Hashing;
using ResumableUpload.Telemetry;

namespace ResumableUpload.Pipeline;

/// <summary>The session's side of planning: every read and request the pure <see cref="ResumePlanner"/> needs, and executing its plan.</summary>
internal sealed partial class UploadSession
{
    /// <summary>Returns the checkpoint to resume (its ledger reduced to the parts the server confirms), or <see langword="null"/> to start fresh.</summary>
    private async Task<UploadCheckpoint?> PlanAsync(ICheckpointLease lease, CheckpointHeader expected, PartLayout layout, SafeFileHandle source, CancellationToken cancellationToken)
    {
        var stored = await StoredCheckpoint.LoadAsync(lease, cancellationToken).ConfigureAwait(false);
        var listing = PartListing.NotListed;
        var plan = ResumePlanner.Plan(stored, expected, layout, listing);
        if (plan is UploadPlan.Resume ledgerOnly && target.Capabilities.CanListParts)
        {
            listing = await ListPartsAsync(ledgerOnly.Checkpoint.Header, cancellationToken).ConfigureAwait(false);
            plan = ResumePlanner.Plan(stored, expected, layout, listing);
        }

        if (plan is UploadPlan.Resume reconciled && options.VerifyOnResume)
        {
            var contentNow = await ReadCrcsAsync(reconciled.Checkpoint, source, cancellationToken).ConfigureAwait(false);
            plan = ResumePlanner.Plan(stored, expected, layout, listing, contentNow);
        }

        switch (plan)
        {
            case UploadPlan.Resume resume:
                return resume.Checkpoint;
            case UploadPlan.DiscardThenFresh discard:
                Log.CheckpointDiscarded(logger, lease.Key, expected.Location, discard.Reason);
                await cleanup.DiscardCheckpointAsync(lease, discard.Abort, cancellationToken).ConfigureAwait(false);
                return null;
            default:
                return null;
        }
    }

    private Task<PartListing> ListPartsAsync(CheckpointHeader header, CancellationToken cancellationToken)
        => SessionPlanning.ListPartsAsync(target, header, cancellationToken);

    private static async Task<Dictionary<int, ulong>> ReadCrcsAsync(UploadCheckpoint checkpoint, SafeFileHandle source, CancellationToken cancellationToken)
    {
        var header = checkpoint.Header;
        var crcs = new Dictionary<int, ulong>(checkpoint.Parts.Count);
        foreach (var part in checkpoint.Parts)
        {
            var sums = await PartHasher.ComputeAsync(header.Algorithm, contentMd5: false, source, part.Offset, part.Length, cancellationToken).ConfigureAwait(false);
            crcs[part.PartNumber] = sums.Crc;
        }

        return crcs;
    }
}
