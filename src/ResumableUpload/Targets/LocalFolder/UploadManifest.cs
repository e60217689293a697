using System.Text.Json.Serialization;

namespace ResumableUpload.Targets.LocalFolder;

/// <summary>What initiate records about an upload (<c>upload.json</c> in its folder); also the shape of a properties sidecar.</summary>
internal sealed record UploadManifest(
    string Bucket,
    string Key,
    DateTimeOffset InitiatedAt,
    ChecksumAlgorithm Algorithm,
    string? ContentType,
    Dictionary<string, string> Metadata,
    string? CacheControl = null,
    string? ContentEncoding = null,
    string? ContentDisposition = null,
    Dictionary<string, string>? Tags = null)
{
    /// <summary>What a properties sidecar holds beyond content type and metadata: the headers and the tags.</summary>
    public const ObjectPropertyFeatures Stored = ObjectPropertyFeatures.Headers | ObjectPropertyFeatures.Tags;

    /// <summary>Gets a value indicating whether the manifest holds no property, so the object needs no sidecar.</summary>
    public bool HasNoProperties => ContentType is null && Metadata.Count == 0 && CacheControl is null && ContentEncoding is null && ContentDisposition is null && (Tags is null || Tags.Count == 0);

    /// <summary>Gets the properties the manifest holds.</summary>
    public ObjectProperties Properties => new()
    {
        ContentType = ContentType,
        Metadata = Metadata,
        CacheControl = CacheControl,
        ContentEncoding = ContentEncoding,
        ContentDisposition = ContentDisposition,
        Tags = Tags ?? [],
    };

    public static UploadManifest For(ObjectLocation location, ChecksumAlgorithm algorithm, ObjectProperties properties) => new(
        location.Bucket,
        location.Key,
        DateTimeOffset.UtcNow,
        algorithm,
        properties.ContentType,
        new Dictionary<string, string>(properties.Metadata),
        properties.CacheControl,
        properties.ContentEncoding,
        properties.ContentDisposition,
        properties.Tags.Count == 0 ? null : new Dictionary<string, string>(properties.Tags));

    public bool Describes(ObjectLocation location)
        => string.Equals(Bucket, location.Bucket, StringComparison.Ordinal) && string.Equals(Key, location.Key, StringComparison.Ordinal);
}

[JsonSerializable(typeof(UploadManifest))]
internal sealed partial class LocalFolderJson : JsonSerializerContext;
