namespace ResumableUpload;

/// <summary>How one file of a batch ended: uploaded, skipped as already done, or failed and why.</summary>
public sealed record UploadOutcome
{
    /// <summary>Gets the request of the file.</summary>
    public required UploadRequest Request { get; init; }

    /// <summary>Gets how the file ended.</summary>
    public required UploadOutcomeStatus Status { get; init; }

    /// <summary>Gets the upload's result, when <see cref="Status"/> is <see cref="UploadOutcomeStatus.Uploaded"/>.</summary>
    public UploadResult? Result { get; init; }

    /// <summary>Gets the failure, when <see cref="Status"/> is <see cref="UploadOutcomeStatus.Failed"/>.</summary>
    public Exception? Error { get; init; }

    /// <summary>
    /// Gets a value indicating whether running the batch again can continue this file where it stopped (its checkpoint
    /// was kept: a transient or target failure, or the batch stopped), rather than it needing a fix first (a missing
    /// or unreadable file, a file changed during the upload, a refused configuration).
    /// </summary>
    public bool IsResumable { get; init; }

    /// <summary>Gets the length of the file in bytes, or -1 when it could not be read.</summary>
    public long Length { get; init; } = -1;
}
