namespace ResumableUpload;

/// <summary>A part the target holds for an upload in progress.</summary>
/// <param name="PartNumber">The part number.</param>
/// <param name="Length">The stored length in bytes.</param>
/// <param name="ETag">The target's tag for the part (S3 ETag, Azure block id, ...).</param>
public readonly record struct UploadedPart(int PartNumber, long Length, string ETag);

/// <summary>A multipart upload that was initiated and neither completed nor aborted.</summary>
/// <param name="Location">The object.</param>
/// <param name="UploadId">The upload id.</param>
/// <param name="InitiatedAt">When the upload was initiated, as the target reports it.</param>
public readonly record struct PendingUpload(ObjectLocation Location, string UploadId, DateTimeOffset InitiatedAt);

/// <summary>The object a complete or a single put produced.</summary>
/// <param name="ETag">The object's ETag (may be empty where a server does not return one).</param>
/// <param name="Crc">The whole-object CRC the target computed or verified, in the upload's algorithm, or <see langword="null"/> if it reports none.</param>
public readonly record struct CompletedObject(string ETag, ulong? Crc);
