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
}
