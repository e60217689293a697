namespace ResumableUpload;

/// <summary>What a target allows and can do; the uploader sizes parts and chooses checksums from it.</summary>
public sealed class TargetCapabilities
{
    /// <summary>Gets the smallest size of a part other than the last, in bytes.</summary>
    public required long MinPartSize { get; init; }

    /// <summary>Gets the largest part size, in bytes.</summary>
    public required long MaxPartSize { get; init; }

    /// <summary>Gets the largest number of parts in one upload.</summary>
    public required int MaxPartCount { get; init; }

    /// <summary>Gets a value indicating whether <see cref="IMultipartTarget.ListPartsAsync"/> works, so resume can reconcile with the server.</summary>
    public required bool CanListParts { get; init; }

    /// <summary>Gets the CRC algorithms the target verifies on parts it receives.</summary>
    public IReadOnlyCollection<ChecksumAlgorithm> PartChecksums { get; init; } = [];

    /// <summary>Gets the CRC algorithms for which the target verifies or reports a whole-object checksum at complete.</summary>
    public IReadOnlyCollection<ChecksumAlgorithm> ObjectChecksums { get; init; } = [];

    /// <summary>Gets a value indicating whether the target verifies <c>Content-MD5</c>.</summary>
    public bool SupportsContentMd5 { get; init; }

    /// <summary>
    /// Gets a value indicating whether the target signs part bodies with their SHA-256 (S3's signed payload): the
    /// uploader then computes it in the same pass as the CRC, while the part is in the cache, and hands it over in
    /// <see cref="ResumableUpload.PartChecksums.Sha256"/>, so the target does not read the part a second time.
    /// </summary>
    public bool WantsPayloadSha256 { get; init; }

    /// <summary>
    /// Gets a value indicating whether every part but the last must have the same length (Cloudflare R2; the local
    /// folder, which places parts at a fixed stride). A stream of unknown length is then sent in equal parts and fails
    /// before the part that would pass <see cref="MaxPartCount"/>; elsewhere its part size grows as it goes.
    /// </summary>
    public bool RequiresEqualParts { get; init; }

    /// <summary>
    /// Gets the largest object the target stores, in bytes, or <see langword="null"/> for
    /// <see cref="MaxPartSize"/> × <see cref="MaxPartCount"/>. The part size of a stream of unknown length grows so
    /// that an object this large fits in <see cref="MaxPartCount"/> parts.
    /// </summary>
    public long? MaxObjectSize { get; init; }

    /// <summary>
    /// Gets the object properties the target stores beyond content type and metadata; setting another one is an
    /// <see cref="InvalidObjectPropertyException"/> before anything is sent.
    /// </summary>
    public ObjectPropertyFeatures SupportedProperties { get; init; }

    /// <summary>
    /// Gets the storage classes or access tiers the target takes (compared ignoring case), or <see langword="null"/>
    /// when any well-formed name may be (S3: a server may define its own classes).
    /// </summary>
    public IReadOnlyCollection<string>? StorageClasses { get; init; }
}
