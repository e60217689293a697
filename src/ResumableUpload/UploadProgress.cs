namespace ResumableUpload;

/// <summary>
/// Where an upload stands. Reported when the upload starts (with what a resume found already done) and after each
/// part is durably recorded, so the figures never go backwards, even when a part is retried, and never pass the total.
/// </summary>
/// <param name="TransferredBytes">The bytes of finished parts, resumed ones included.</param>
/// <param name="TotalBytes">The source length; for a stream its length hint (raised when the stream passes it), or -1 when unknown.</param>
/// <param name="CompletedParts">The finished parts, resumed ones included.</param>
/// <param name="TotalParts">The number of parts (1 for a single put, 0 for an empty file or a stream, whose end decides).</param>
/// <param name="ResumedBytes">The bytes a resume found already uploaded (for a replayed stream: verified, not sent).</param>
public readonly record struct UploadProgress(long TransferredBytes, long TotalBytes, int CompletedParts, int TotalParts, long ResumedBytes)
{
    /// <summary>Gets the fraction done, from 0 to 1.</summary>
    public double Fraction => TotalBytes < 0 ? 0 : TotalBytes == 0 ? (CompletedParts >= TotalParts ? 1 : 0) : (double)TransferredBytes / TotalBytes;

    /// <summary>Gets a value indicating whether <see cref="TotalBytes"/> is known (or hinted).</summary>
    public bool IsTotalKnown => TotalBytes >= 0;
}
