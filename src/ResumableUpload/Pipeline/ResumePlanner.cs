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

        if ((Mismatch(old, expected) ?? LedgerProblem(checkpoint, layout)) is { } mismatch)
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
}
