namespace ResumableUpload;

/// <summary>
/// Where an upload stands. Reported when the upload starts (with what a resume found already done), after each part
/// is durably recorded, and while parts are in flight, as the target reads their bytes (at most every 100 ms).
/// The committed figures (<see cref="TransferredBytes"/>, <see cref="CompletedParts"/>) move only when a part is
/// recorded; <see cref="SentBytes"/> also moves in flight. None of the three ever goes backwards or passes the total,
/// even when a part is retried: an attempt that fails gives up its bytes in flight, and the retry's bytes count only
/// once they pass what the failed attempt had reached.
/// </summary>
/// <param name="TransferredBytes">The bytes of finished (recorded) parts, resumed ones included.</param>
/// <param name="TotalBytes">The source length; for a stream its length hint (raised when the stream passes it), or -1 when unknown.</param>
/// <param name="CompletedParts">The finished parts, resumed ones included.</param>
/// <param name="TotalParts">The number of parts (1 for a single put, 0 for an empty file or a stream, whose end decides).</param>
/// <param name="ResumedBytes">The bytes a resume found already uploaded (for a replayed stream: verified, not sent).</param>
public readonly record struct UploadProgress(long TransferredBytes, long TotalBytes, int CompletedParts, int TotalParts, long ResumedBytes)
{
    private readonly long sentBytes;

    /// <summary>Gets the fraction done, from 0 to 1, by finished parts (<see cref="TransferredBytes"/>).</summary>
    public double Fraction => TotalBytes < 0 ? 0 : TotalBytes == 0 ? (CompletedParts >= TotalParts ? 1 : 0) : (double)TransferredBytes / TotalBytes;

    /// <summary>Gets a value indicating whether <see cref="TotalBytes"/> is known (or hinted).</summary>
    public bool IsTotalKnown => TotalBytes >= 0;

    /// <summary>
    /// Gets the bytes the target has read of the parts in flight now (not yet recorded). It falls when a part is
    /// recorded (its bytes move to <see cref="TransferredBytes"/>) or when an attempt fails (its bytes are dropped).
    /// </summary>
    public long InFlightBytes { get; init; }

    /// <summary>
    /// Gets the bytes finished or read by the target so far: <see cref="TransferredBytes"/> plus the bytes in flight,
    /// as a high-water mark that never goes backwards (a failed attempt's bytes are held until its retry passes them)
    /// and never passes <see cref="TotalBytes"/>. Never less than <see cref="TransferredBytes"/>.
    /// </summary>
    public long SentBytes
    {
        get => Math.Max(sentBytes, TransferredBytes);
        init => sentBytes = value;
    }

    /// <summary>Gets the fraction sent, from 0 to 1, by <see cref="SentBytes"/>: what a progress bar shows.</summary>
    public double SentFraction => TotalBytes <= 0 ? Fraction : Math.Min(1, (double)SentBytes / TotalBytes);
}
