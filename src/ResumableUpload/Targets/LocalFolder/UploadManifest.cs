using System.Text.Json.Serialization;

namespace ResumableUpload.Targets.LocalFolder;

/// <summary>What initiate records about an upload (<c>upload.json</c> in its folder); also the shape of a properties sidecar.</summary>
internal sealed record UploadManifest(string Bucket, string Key, DateTimeOffset InitiatedAt, ChecksumAlgorithm Algorithm, string? ContentType, Dictionary<string, string> Metadata)
{
    public static UploadManifest For(ObjectLocation location, ChecksumAlgorithm algorithm, ObjectProperties properties)
        => new(location.Bucket, location.Key, DateTimeOffset.UtcNow, algorithm, properties.ContentType, new Dictionary<string, string>(properties.Metadata));

    public bool Describes(ObjectLocation location)
        => string.Equals(Bucket, location.Bucket, StringComparison.Ordinal) && string.Equals(Key, location.Key, StringComparison.Ordinal);
}

[JsonSerializable(typeof(UploadManifest))]
internal sealed partial class LocalFolderJson : JsonSerializerContext;
