namespace ResumableUpload;

/// <summary>What a checkpoint records once, when an upload starts: everything a resume must match.</summary>
public sealed record CheckpointHeader
{
    /// <summary>Gets the target's <see cref="IMultipartTarget.Identity"/>.</summary>
    public required string TargetIdentity { get; init; }

    /// <summary>Gets the object.</summary>
    public required ObjectLocation Location { get; init; }

    /// <summary>Gets the multipart upload id the target gave.</summary>
    public required string UploadId { get; init; }

    /// <summary>Gets the source file's identity when the upload started.</summary>
    public required SourceIdentity Source { get; init; }

    /// <summary>Gets the part size in bytes (every part but the last has this length).</summary>
    public required long PartSize { get; init; }

    /// <summary>Gets the number of parts; for a stream of unknown length, the most it may have (its end decides).</summary>
    public required int PartCount { get; init; }

    /// <summary>
    /// Gets after how many parts a stream's part size doubles (up to the target's largest part), or 0 when every part
    /// but the last has <see cref="PartSize"/>. Recorded so that a replay cuts the stream at the same offsets.
    /// </summary>
    public int PartSizeDoublingInterval { get; init; }

    /// <summary>Gets the CRC algorithm of the ledger.</summary>
    public required ChecksumAlgorithm Algorithm { get; init; }

    /// <summary>Gets a value indicating whether parts carry Content-MD5.</summary>
    public bool ContentMd5 { get; init; }

    /// <summary>Gets when the upload was initiated.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
}
