using System.Text;
using System.Text.Json.Serialization;

namespace ResumableUpload.AzureBlob;

/// <summary>
/// What initiate records about an upload, as the small blob <c>.rupload-uploads/&lt;upload id&gt;</c> in the object's
/// container: the key, the properties that complete applies (content type, metadata, headers, tags, access tier), the algorithm and the time. Azure has no
/// upload object of its own, and uncommitted blocks can be neither read nor listed without knowing their blob, so
/// the manifest is what makes an upload exist: upload part, list parts and complete check it, abort deletes it, and
/// listing uploads lists manifests. Its blob metadata carries the key (base64url) so that a listing filters by key
/// prefix without reading each manifest.
/// </summary>
internal sealed record UploadManifest(
    string Key,
    string? ContentType,
    Dictionary<string, string> Metadata,
    ChecksumAlgorithm Algorithm,
    DateTimeOffset InitiatedAt,
    string? CacheControl = null,
    string? ContentEncoding = null,
    string? ContentDisposition = null,
    string? AccessTier = null,
    Dictionary<string, string>? Tags = null)
{
    /// <summary>The folder of manifests; keys under it are rejected.</summary>
    public const string Folder = ".rupload-uploads/";

    /// <summary>The manifest blob's metadata entry with the key.</summary>
    public const string KeyMetadataName = "ruploadkey";

    /// <summary>The manifest of a new upload of <paramref name="key"/>.</summary>
    public static UploadManifest For(string key, ObjectProperties properties, ChecksumAlgorithm algorithm) => new(
        key,
        properties.ContentType,
        new Dictionary<string, string>(properties.Metadata),
        algorithm,
        DateTimeOffset.UtcNow,
        properties.CacheControl,
        properties.ContentEncoding,
        properties.ContentDisposition,
        properties.StorageClass,
        properties.Tags.Count == 0 ? null : new Dictionary<string, string>(properties.Tags));

    /// <summary>Gets the properties complete applies.</summary>
    public ObjectProperties Properties => new()
    {
        ContentType = ContentType,
        Metadata = Metadata,
        CacheControl = CacheControl,
        ContentEncoding = ContentEncoding,
        ContentDisposition = ContentDisposition,
        StorageClass = AccessTier,
        Tags = Tags ?? [],
    };

    /// <summary>Gets the manifest blob name of an upload.</summary>
    public static string BlobName(string uploadId) => Folder + uploadId;

    /// <summary>Encodes a key for blob metadata (which takes ASCII only).</summary>
    public static string EncodeKey(string key) => Convert.ToBase64String(Encoding.UTF8.GetBytes(key)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Decodes a key from blob metadata, or <see langword="null"/>.</summary>
    public static string? DecodeKey(string? encoded)
    {
        if (encoded is null)
        {
            return null;
        }

        var base64 = encoded.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        var bytes = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, bytes, out var written) ? Encoding.UTF8.GetString(bytes, 0, written) : null;
    }
}

[JsonSerializable(typeof(UploadManifest))]
internal sealed partial class UploadManifestJson : JsonSerializerContext;
