namespace ResumableUpload;

/// <summary>What a finished upload produced.</summary>
public sealed record UploadResult
{
    /// <summary>Gets the object.</summary>
    public required ObjectLocation Location { get; init; }

    /// <summary>Gets the object's ETag as the target reports it (may be empty).</summary>
    public required string ETag { get; init; }

    /// <summary>Gets the object length in bytes.</summary>
    public required long Length { get; init; }

    /// <summary>Gets the part size used, in bytes.</summary>
    public required long PartSize { get; init; }

    /// <summary>Gets the number of parts (1 for a single put).</summary>
    public required int PartCount { get; init; }

    /// <summary>Gets the number of parts a resume found already uploaded.</summary>
    public int ResumedParts { get; init; }

    /// <summary>Gets the bytes a resume found already uploaded.</summary>
    public long ResumedBytes { get; init; }

    /// <summary>Gets the CRC algorithm.</summary>
    public required ChecksumAlgorithm Algorithm { get; init; }

    /// <summary>Gets the whole-object CRC, combined from the part CRCs.</summary>
    public required ulong Crc { get; init; }

    /// <summary>Gets a value indicating whether the target confirmed the whole-object CRC.</summary>
    public bool CrcVerifiedByTarget { get; init; }

    /// <summary>
    /// Gets a value indicating whether the object was completed: <see langword="false"/> only for a stream with
    /// <see cref="StreamSource.CompleteAtEnd"/> off, whose parts are all sent and recorded for a replay to complete.
    /// </summary>
    public bool Completed { get; init; } = true;

    /// <summary>Gets the multipart upload id, or <see langword="null"/> for a single put.</summary>
    public string? UploadId { get; init; }
}
