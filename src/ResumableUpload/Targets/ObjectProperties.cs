using ResumableUpload.Targets;

namespace ResumableUpload;

/// <summary>
/// Properties stored with the completed object: headers, metadata, tags, storage class, encryption and ACL. A target
/// states which it supports in <see cref="TargetCapabilities.SupportedProperties"/>; the uploader checks them with
/// <see cref="Validate"/> before it sends anything, so an option a target cannot honour is an error, never dropped.
/// </summary>
public sealed class ObjectProperties
{
    /// <summary>An instance with no content type and no metadata.</summary>
    public static readonly ObjectProperties Empty = new();

    /// <summary>Gets the content type, or <see langword="null"/> for the target's default.</summary>
    public string? ContentType { get; init; }

    /// <summary>Gets user metadata (names without the <c>x-amz-meta-</c> style prefix).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets the <c>Cache-Control</c> header the object is served with, or <see langword="null"/>.</summary>
    public string? CacheControl { get; init; }

    /// <summary>Gets the <c>Content-Encoding</c> header (for example <c>gzip</c>; the bytes are stored as given), or <see langword="null"/>.</summary>
    public string? ContentEncoding { get; init; }

    /// <summary>Gets the <c>Content-Disposition</c> header, or <see langword="null"/>.</summary>
    public string? ContentDisposition { get; init; }

    /// <summary>Gets the object's tags: at most 10, keys of 1 to 128 characters, values of at most 256.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Gets the S3 storage class (<c>STANDARD</c>, <c>STANDARD_IA</c>, <c>GLACIER_IR</c>, a Ceph placement's class…)
    /// or the Azure access tier (<c>Hot</c>, <c>Cool</c>, <c>Cold</c>, <c>Archive</c>), or <see langword="null"/> for the default.
    /// </summary>
    public string? StorageClass { get; init; }

    /// <summary>Gets the S3 canned ACL (<c>private</c>, <c>public-read</c>, <c>bucket-owner-full-control</c>…), or <see langword="null"/>.</summary>
    public string? CannedAcl { get; init; }

    /// <summary>Gets the server-side encryption, or <see langword="null"/> for the bucket's default.</summary>
    public ServerSideEncryption? Encryption { get; init; }

    /// <summary>Checks these properties, and that a target with <paramref name="capabilities"/> supports every one that is set.</summary>
    /// <param name="capabilities">The target's capabilities.</param>
    /// <exception cref="InvalidObjectPropertyException">A property is malformed or the target does not support it.</exception>
    public void Validate(TargetCapabilities capabilities)
    {
        ArgumentNullException.ThrowIfNull(capabilities);
        ObjectPropertyRules.Check(this, capabilities);
    }

    /// <summary>Describes the properties without secrets: an SSE-C key shows as its MD5 only.</summary>
    /// <returns>The description.</returns>
    public override string ToString()
        => $"ContentType={ContentType}, Metadata={Metadata.Count}, Tags={Tags.Count}, StorageClass={StorageClass}, CannedAcl={CannedAcl}, Encryption={Encryption}";
}
