using ResumableUpload.Cleanup;

namespace ResumableUpload.Pipeline;

/// <summary>
/// Decides whether a stored checkpoint can be resumed, in the order DESIGN §4 gives: readable and checksum-valid →
/// same schema → same source → same part size, algorithm and target → (lease, already held) → server reconcile →
/// (optionally) same content. A pure function with no I/O: the session reads the checkpoint, lists the parts and
/// reads the resumed parts' bytes, and calls it again with each new fact until the plan no longer asks for one.
/// </summary>
internal static class ResumePlanner
{
    /// <summary>Plans one upload.</summary>
    /// <param name="stored">What the store holds for the key.</param>
    /// <param name="expected">The header a new upload of this source would get (its upload id is empty).</param>
    /// <param name="layout">How the source is cut into parts now.</param>
    /// <param name="listing">What the target lists for the checkpoint's upload; <see cref="PartListing.NotListed"/> trusts the ledger.</param>
    /// <param name="contentNow">The CRC of each resumed part's bytes as read now, by part number, or <see langword="null"/> when not checked.</param>
    public static UploadPlan Plan(StoredCheckpoint stored, CheckpointHeader expected, PartLayout layout, PartListing listing, IReadOnlyDictionary<int, ulong>? contentNow = null)
        => Plan(stored, expected, checkpoint => LedgerProblem(checkpoint, layout), listing, contentNow);

    /// <summary>
    /// Plans the replay of a stream of unknown length: the same checks, with the ledger held against the part
    /// schedule (the stream's end, not a layout, decides the part count). Whether the new stream's bytes match is
    /// decided part by part as it is read (<see cref="ReplayStart"/>, <see cref="Replay"/>).
    /// </summary>
    /// <param name="stored">What the store holds for the key (destination and stream name).</param>
    /// <param name="expected">The header a new upload of this stream would get.</param>
    /// <param name="schedule">The part schedule of the stream now.</param>
    /// <param name="listing">What the target lists for the checkpoint's upload.</param>
    public static UploadPlan PlanStream(StoredCheckpoint stored, CheckpointHeader expected, PartSchedule schedule, PartListing listing)
        => Plan(stored, expected, checkpoint => StreamLedgerProblem(checkpoint, schedule), listing, contentNow: null);

    /// <summary>
    /// Decides, from the replayed stream's first part, whether the replay goes on: <see langword="null"/> when it does,
    /// otherwise why a fresh upload supersedes the old one (which is then aborted). A first part the checkpoint does
    /// not record yet is simply sent.
    /// </summary>
    /// <param name="checkpoint">The checkpoint being resumed, its ledger reduced to the parts the server confirms.</param>
    /// <param name="first">The new stream's first part, or <see langword="null"/> when it is empty.</param>
    /// <param name="crc">The first part's CRC.</param>
    public static string? ReplayStart(UploadCheckpoint checkpoint, PartSpec? first, ulong crc)
    {
        if (first is not { } part)
        {
            return "the stream is empty now";
        }

        var recorded = checkpoint.Parts.FirstOrDefault(p => p.PartNumber == 1);
        return recorded.PartNumber == 1 && Replay(recorded, part, crc) != ReplayStep.Verified
            ? "the stream's first part differs from the one the checkpoint records: this is another stream, not a replay"
            : null;
    }

    /// <summary>Decides what a replayed part whose number the checkpoint records is: the same bytes (not sent again) or a difference.</summary>
    /// <param name="recorded">The checkpoint's record of the part number.</param>
    /// <param name="part">The part read now.</param>
    /// <param name="crc">Its CRC.</param>
    public static ReplayStep Replay(PartRecord recorded, PartSpec part, ulong crc)
        => recorded.PartNumber == part.Number && recorded.Offset == part.Offset && recorded.Length == part.Length && recorded.Crc == crc
            ? ReplayStep.Verified
            : ReplayStep.Differs;

    private static UploadPlan Plan(StoredCheckpoint stored, CheckpointHeader expected, Func<UploadCheckpoint, string?> ledgerProblem, PartListing listing, IReadOnlyDictionary<int, ulong>? contentNow)
    {
        if (stored.CorruptReason is { } corrupt)
        {
            return Discard(stored, expected, corrupt);
        }

        if (stored.Checkpoint is not { } checkpoint)
        {
            return new UploadPlan.Fresh();
        }

        var old = checkpoint.Header;
        if (old.UploadId.Length == 0)
        {
            return Discard(stored, expected, "an earlier run stopped while starting the upload");
        }

        if ((Mismatch(old, expected) ?? ledgerProblem(checkpoint)) is { } mismatch)
        {
            return Discard(stored, expected, mismatch);
        }

        if (listing.NotFoundCode is { } code)
        {
            return Discard(stored, expected, $"the target no longer has upload {old.UploadId} ({code})");
        }

        // A part is done only when the ledger and the server agree; anything else is sent again.
        var agreed = listing.Parts is not { } onServer
            ? checkpoint.Parts
            : [.. checkpoint.Parts.Where(p => onServer.TryGetValue(p.PartNumber, out var s) && s.Length == p.Length && string.Equals(s.ETag, p.ETag, StringComparison.Ordinal))];

        if (contentNow is not null)
        {
            foreach (var part in agreed)
            {
                if (!contentNow.TryGetValue(part.PartNumber, out var crc) || crc != part.Crc)
                {
                    return Discard(stored, expected, $"the content of part {part.PartNumber} (bytes {part.Offset}-{part.Offset + part.Length - 1}) changed since it was uploaded");
                }
            }
        }

        return new UploadPlan.Resume(checkpoint with { Parts = agreed });
    }

    private static UploadPlan.DiscardThenFresh Discard(StoredCheckpoint stored, CheckpointHeader expected, string reason)
        => new(reason, UploadsToAbort.For(stored, expected.Source.Path, expected.TargetIdentity, expected.Location));

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

        if (old.PartSizeDoublingInterval != expected.PartSizeDoublingInterval)
        {
            return $"the part-size schedule changed from doubling every {old.PartSizeDoublingInterval} parts to every {expected.PartSizeDoublingInterval}";
        }

        if (old.Algorithm != expected.Algorithm || old.ContentMd5 != expected.ContentMd5)
        {
            return $"the checksum settings changed from {old.Algorithm}{(old.ContentMd5 ? "+MD5" : string.Empty)} to {expected.Algorithm}{(expected.ContentMd5 ? "+MD5" : string.Empty)}";
        }

        return null;
    }

    private static string? LedgerProblem(UploadCheckpoint checkpoint, PartLayout layout)
    {
        foreach (var part in checkpoint.Parts)
        {
            if (part.PartNumber < 1 || part.PartNumber > layout.PartCount || layout.Part(part.PartNumber) != new PartSpec(part.PartNumber, part.Offset, part.Length))
            {
                return $"the ledger's part {part.PartNumber} (offset {part.Offset}, length {part.Length}) does not fit the layout";
            }
        }

        return null;
    }

    private static string? StreamLedgerProblem(UploadCheckpoint checkpoint, PartSchedule schedule)
    {
        foreach (var part in checkpoint.Parts)
        {
            if (part.PartNumber < 1 || part.PartNumber > schedule.MaxPartCount || part.Offset != schedule.Offset(part.PartNumber) || part.Length < 1 || part.Length > schedule.Size(part.PartNumber))
            {
                return $"the ledger's part {part.PartNumber} (offset {part.Offset}, length {part.Length}) does not fit the part schedule";
            }
        }

        return null;
    }
}

/// <summary>What a replayed stream's part is, held against the checkpoint's record of its number.</summary>
internal enum ReplayStep
{
    /// <summary>The same offset, length and CRC: the server has these bytes; not sent again.</summary>
    Verified,

    /// <summary>Different bytes: sent, and so is every later part.</summary>
    Differs,
}
