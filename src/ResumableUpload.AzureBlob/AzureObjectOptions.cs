using Azure.Storage.Blobs.Models;

namespace ResumableUpload.AzureBlob;

/// <summary>
/// Puts <see cref="ObjectProperties"/> on the commit of a block blob: headers, metadata, index tags and the access
/// tier. Azure has no canned ACL (access is set per container or by SAS) and no per-blob KMS key; customer-provided
/// keys need https and are not supported here: those properties are refused before anything is sent. SSE-S3 is what
/// Azure always does (every blob is encrypted with Microsoft-managed keys), so it is accepted and sends nothing.
/// </summary>
internal static class AzureObjectOptions
{
    /// <summary>What a block blob stores beyond content type and metadata.</summary>
    public const ObjectPropertyFeatures Supported = ObjectPropertyFeatures.Headers | ObjectPropertyFeatures.Tags | ObjectPropertyFeatures.StorageClass | ObjectPropertyFeatures.ServiceManagedEncryption;

    /// <summary>The access tiers of a block blob.</summary>
    public static readonly IReadOnlyCollection<string> AccessTiers = ["Hot", "Cool", "Cold", "Archive"];

    public static CommitBlockListOptions Commit(ObjectProperties properties) => new()
    {
        HttpHeaders = new BlobHttpHeaders
        {
            ContentType = properties.ContentType,
            CacheControl = properties.CacheControl,
            ContentEncoding = properties.ContentEncoding,
            ContentDisposition = properties.ContentDisposition,
        },
        Metadata = properties.Metadata.Count == 0 ? null : new Dictionary<string, string>(properties.Metadata),
        Tags = properties.Tags.Count == 0 ? null : new Dictionary<string, string>(properties.Tags),
        AccessTier = properties.StorageClass is { } tier ? (AccessTier?)new AccessTier(AccessTiers.FirstOrDefault(t => string.Equals(t, tier, StringComparison.OrdinalIgnoreCase)) ?? tier) : null,
    };
}
