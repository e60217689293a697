namespace ResumableUpload;

/// <summary>A loaded checkpoint: its header and the parts finished so far.</summary>
/// <param name="Header">The header.</param>
/// <param name="Parts">The finished parts, one per part number (a later record of a number replaces an earlier one), in part-number order.</param>
public sealed record UploadCheckpoint(CheckpointHeader Header, IReadOnlyList<PartRecord> Parts)
{
    /// <summary>Gets the number of bytes the finished parts hold.</summary>
    public long CompletedBytes => Parts.Sum(p => p.Length);
}
