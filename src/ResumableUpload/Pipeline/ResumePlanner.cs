using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;
using ResumableUpload.Cleanup;
using ResumableUpload.Hashing;
using ResumableUpload.Telemetry;

namespace ResumableUpload.Pipeline;

/// <summary>
/// Decides whether a stored checkpoint can be resumed, in the order DESIGN §4 gives: readable and checksum-valid →
/// same schema → same source → same part size, algorithm and target → (lease, already held) → server reconcile.
/// Anything else: log the reason, abort the old upload, delete the checkpoint, start fresh. The target it is given
/// retries every call (<see cref="RetryingMultipartTarget"/>), listings included.
/// </summary>
internal sealed class ResumePlanner(IMultipartTarget target, UploadCleanup cleanup, ILogger logger)
{
    /// <summary>Returns the checkpoint with its ledger reduced to the parts the server confirms, or <see langword="null"/> to start fresh.</summary>
    public async Task<UploadCheckpoint?> PlanAsync(ICheckpointLease lease, CheckpointHeader expected, SafeFileHandle source, bool verifyOnResume, CancellationToken cancellationToken)
    {
        UploadCheckpoint? checkpoint;
        try
        {
            checkpoint = await lease.LoadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (CheckpointCorruptException ex)
        {
            await DiscardAsync(lease, expected.Location, null, ex.Message, cancellationToken).ConfigureAwait(false);
            return null;
        }

        if (checkpoint is null)
        {
            return null;
        }

        if (checkpoint.Header.UploadId.Length == 0)
        {
            // Only an intent: its run died around initiate, so an upload of this key may exist that nothing names.
            await DiscardAsync(lease, expected.Location, null, "an earlier run stopped while starting the upload", cancellationToken).ConfigureAwait(false);
            return null;
        }

        var old = checkpoint.Header;
        var reason = Mismatch(old, expected) ?? LedgerProblem(checkpoint, expected);
        UploadCheckpoint? reconciled = null;
        if (reason is null)
        {
            (reconciled, reason) = await ReconcileAsync(checkpoint, cancellationToken).ConfigureAwait(false);
        }

        if (reason is null && verifyOnResume && reconciled is not null)
        {
            reason = await VerifyContentAsync(reconciled, source, cancellationToken).ConfigureAwait(false);
        }

        if (reason is not null)
        {
            // A checkpoint written for another source, target or object (copied or mixed up) names an upload that is
            // not ours to abort; ours is unknown, exactly as with an unreadable checkpoint.
            var foreign = IsForeign(old, expected);
            await DiscardAsync(lease, expected.Location, foreign ? null : old.UploadId, reason, cancellationToken).ConfigureAwait(false);
            return null;
        }

        return reconciled;
    }

    private static bool IsForeign(CheckpointHeader old, CheckpointHeader expected)
        => !string.Equals(old.TargetIdentity, expected.TargetIdentity, StringComparison.Ordinal)
            || old.Location != expected.Location
            || !string.Equals(old.Source.Path, expected.Source.Path, StringComparison.Ordinal);

    private static string? Mismatch(CheckpointHeader old, CheckpointHeader expected)
    {
        if (!string.Equals(old.TargetIdentity, expected.TargetIdentity, StringComparison.Ordinal) || old.Location != expected.Location)
        {
            return $"the checkpoint is for {old.TargetIdentity} {old.Location}, not {expected.TargetIdentity} {expected.Location}";
        }

        var sourceChange = old.Source.DescribeDifference(expected.Source);
        if (sourceChange is not null)
        {
            return sourceChange;
        }

        if (old.PartSize != expected.PartSize || old.PartCount != expected.PartCount)
        {
            return $"the part size changed from {old.PartSize} to {expected.PartSize} bytes";
        }

        if (old.Algorithm != expected.Algorithm || old.ContentMd5 != expected.ContentMd5)
        {
            return $"the checksum settings changed from {old.Algorithm}{(old.ContentMd5 ? "+MD5" : string.Empty)} to {expected.Algorithm}{(expected.ContentMd5 ? "+MD5" : string.Empty)}";
        }

        return null;
    }

    private static string? LedgerProblem(UploadCheckpoint checkpoint, CheckpointHeader expected)
    {
        var layout = new PartLayout(expected.Source.Length, expected.PartSize, expected.PartCount);
        foreach (var part in checkpoint.Parts)
        {
            if (part.PartNumber > layout.PartCount || layout.Part(part.PartNumber) != new PartSpec(part.PartNumber, part.Offset, part.Length))
            {
                return $"the ledger's part {part.PartNumber} (offset {part.Offset}, length {part.Length}) does not fit the layout";
            }
        }

        return null;
    }

    private async Task<(UploadCheckpoint? Checkpoint, string? Reason)> ReconcileAsync(UploadCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        if (!target.Capabilities.CanListParts)
        {
            return (checkpoint, null);
        }

        var header = checkpoint.Header;
        var onServer = new Dictionary<int, UploadedPart>();
        try
        {
            await foreach (var part in target.ListPartsAsync(header.Location, header.UploadId, cancellationToken).ConfigureAwait(false))
            {
                onServer[part.PartNumber] = part;
            }
        }
        catch (TargetException ex) when (ex.Kind == TargetErrorKind.UploadNotFound)
        {
            return (null, $"the target no longer has upload {header.UploadId} ({ex.ErrorCode})");
        }

        // A part is done only when the ledger and the server agree; anything else is sent again.
        var agreed = checkpoint.Parts
            .Where(p => onServer.TryGetValue(p.PartNumber, out var s) && s.Length == p.Length && string.Equals(s.ETag, p.ETag, StringComparison.Ordinal))
            .ToList();
        return (checkpoint with { Parts = agreed }, null);
    }

    private static async Task<string?> VerifyContentAsync(UploadCheckpoint checkpoint, SafeFileHandle source, CancellationToken cancellationToken)
    {
        var header = checkpoint.Header;
        foreach (var part in checkpoint.Parts)
        {
            var sums = await PartHasher.ComputeAsync(header.Algorithm, contentMd5: false, source, part.Offset, part.Length, cancellationToken).ConfigureAwait(false);
            if (sums.Crc != part.Crc)
            {
                return $"the content of part {part.PartNumber} (bytes {part.Offset}-{part.Offset + part.Length - 1}) changed since it was uploaded";
            }
        }

        return null;
    }

    private async Task DiscardAsync(ICheckpointLease lease, ObjectLocation location, string? uploadId, string reason, CancellationToken cancellationToken)
    {
        Log.CheckpointDiscarded(logger, lease.Key, location, reason);
        var uploads = uploadId is null ? UploadsToAbort.AllFor(location) : UploadsToAbort.One(location, uploadId);
        await cleanup.DiscardCheckpointAsync(lease, uploads, cancellationToken).ConfigureAwait(false);
    }
}
