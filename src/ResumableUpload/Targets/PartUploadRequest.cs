namespace ResumableUpload;

/// <summary>One part to send. <see cref="OpenContent"/> gives a fresh stream at position 0 for every attempt.</summary>
public sealed class PartUploadRequest
{
    private readonly Func<Stream> openContent;

    /// <summary>Initializes a new instance of the <see cref="PartUploadRequest"/> class.</summary>
    /// <param name="location">The object.</param>
    /// <param name="uploadId">The multipart upload id.</param>
    /// <param name="partNumber">The part number, from 1.</param>
    /// <param name="length">The part length in bytes.</param>
    /// <param name="checksums">The part's checksums, computed before sending.</param>
    /// <param name="openContent">Opens the part's bytes as a new read-only stream.</param>
    public PartUploadRequest(ObjectLocation location, string uploadId, int partNumber, long length, PartChecksums checksums, Func<Stream> openContent)
    {
        ArgumentNullException.ThrowIfNull(uploadId);
        ArgumentNullException.ThrowIfNull(openContent);
        ArgumentOutOfRangeException.ThrowIfLessThan(partNumber, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Location = location;
        UploadId = uploadId;
        PartNumber = partNumber;
        Length = length;
        Checksums = checksums;
        this.openContent = openContent;
    }

    /// <summary>Gets the object.</summary>
    public ObjectLocation Location { get; }

    /// <summary>Gets the multipart upload id.</summary>
    public string UploadId { get; }

    /// <summary>Gets the part number, from 1.</summary>
    public int PartNumber { get; }

    /// <summary>Gets the part length in bytes.</summary>
    public long Length { get; }

    /// <summary>Gets the checksums of the part's bytes.</summary>
    public PartChecksums Checksums { get; }

    /// <summary>
    /// Gets where the part starts in the finished object, when the caller knows it (<see cref="ResumableUploader"/>
    /// always does), or <see langword="null"/>. A target may then write the part in place; every part of such an upload
    /// but the last has the same length, and part <c>n</c> starts at <c>(n - 1)</c> times that length.
    /// </summary>
    public long? ObjectOffset { get; init; }

    /// <summary>
    /// Gets the properties the upload was initiated with, for a target that must repeat some of them on every part
    /// (an S3 SSE-C key); <see cref="ObjectProperties.Empty"/> when the caller does not give them.
    /// </summary>
    public ObjectProperties Properties { get; init; } = ObjectProperties.Empty;

    /// <summary>Opens the part's bytes as a new stream at position 0; the caller disposes it.</summary>
    /// <returns>A read-only stream of exactly <see cref="Length"/> bytes.</returns>
    public Stream OpenContent() => openContent();
}
