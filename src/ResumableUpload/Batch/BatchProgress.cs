namespace ResumableUpload;

/// <summary>Where a batch stands: files found so far (listing is lazy), done, skipped and failed; bytes; rate; ETA.</summary>
/// <param name="FilesFound">The files the batch has found so far.</param>
/// <param name="FilesUploaded">The files uploaded.</param>
/// <param name="FilesSkipped">The files skipped as already done by an earlier run.</param>
/// <param name="FilesFailed">The files that failed.</param>
/// <param name="ListingComplete"><see langword="true"/> once every file is found, so the totals are final.</param>
/// <param name="BytesFound">The bytes of the files found so far.</param>
/// <param name="BytesDone">The bytes of files uploaded or skipped, plus the parts sent of files in flight.</param>
/// <param name="BytesPerSecond">The rate of bytes sent in this run.</param>
/// <param name="Elapsed">The time since the batch started.</param>
public readonly record struct BatchProgress(
    long FilesFound,
    long FilesUploaded,
    long FilesSkipped,
    long FilesFailed,
    bool ListingComplete,
    long BytesFound,
    long BytesDone,
    double BytesPerSecond,
    TimeSpan Elapsed)
{
    /// <summary>Gets the files finished in any way.</summary>
    public long FilesFinished => FilesUploaded + FilesSkipped + FilesFailed;

    /// <summary>Gets the estimated time left at the current rate, or <see langword="null"/> while the totals are unknown or nothing moves.</summary>
    public TimeSpan? EstimatedRemaining
        => ListingComplete && BytesPerSecond > 0 ? TimeSpan.FromSeconds(Math.Max(0, BytesFound - BytesDone) / BytesPerSecond) : null;
}
