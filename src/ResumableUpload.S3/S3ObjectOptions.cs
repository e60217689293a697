using Amazon.S3;
using Amazon.S3.Model;

namespace ResumableUpload.S3;

/// <summary>
/// Puts <see cref="ObjectProperties"/> on S3 requests: every property on CreateMultipartUpload and PutObject, and the
/// SSE-C key again on every request that S3 asks it of (UploadPart, CompleteMultipartUpload, HeadObject). The lean
/// UploadPart path (<see cref="S3PartSender"/>) marshals the same <see cref="UploadPartRequest"/>, so it needs no other form.
/// </summary>
internal static class S3ObjectOptions
{
    /// <summary>The storage classes, canned ACLs and encryption S3 takes beyond content type and metadata: all of them.</summary>
    public const ObjectPropertyFeatures Supported = ObjectPropertyFeatures.All;

    public static void ApplyTo(InitiateMultipartUploadRequest request, ObjectProperties properties)
    {
        var s = Settings.Of(properties);
        request.ContentType = properties.ContentType;
        ApplyHeaders(request.Headers, request.Metadata, properties);
        (request.TagSet, request.StorageClass, request.CannedACL) = (s.Tags, s.StorageClass, s.CannedAcl);
        if (s.Method is { } method)
        {
            (request.ServerSideEncryptionMethod, request.ServerSideEncryptionKeyManagementServiceKeyId) = (method, s.KmsKeyId);
        }

        if (s.CustomerKey is { } key)
        {
            (request.ServerSideEncryptionCustomerMethod, request.ServerSideEncryptionCustomerProvidedKey, request.ServerSideEncryptionCustomerProvidedKeyMD5) = (ServerSideEncryptionCustomerMethod.AES256, key, s.CustomerKeyMd5);
        }
    }

    public static void ApplyTo(PutObjectRequest request, ObjectProperties properties)
    {
        var s = Settings.Of(properties);
        request.ContentType = properties.ContentType;
        ApplyHeaders(request.Headers, request.Metadata, properties);
        (request.TagSet, request.StorageClass, request.CannedACL) = (s.Tags, s.StorageClass, s.CannedAcl);
        if (s.Method is { } method)
        {
            (request.ServerSideEncryptionMethod, request.ServerSideEncryptionKeyManagementServiceKeyId) = (method, s.KmsKeyId);
        }

        if (s.CustomerKey is { } key)
        {
            (request.ServerSideEncryptionCustomerMethod, request.ServerSideEncryptionCustomerProvidedKey, request.ServerSideEncryptionCustomerProvidedKeyMD5) = (ServerSideEncryptionCustomerMethod.AES256, key, s.CustomerKeyMd5);
        }
    }

    /// <summary>Sends the SSE-C key with a part (S3 refuses a part of an SSE-C upload without it).</summary>
    public static void ApplyTo(UploadPartRequest request, ServerSideEncryption? encryption)
    {
        if (encryption is { Kind: ServerSideEncryptionKind.CustomerKey })
        {
            request.ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256;
            request.ServerSideEncryptionCustomerProvidedKey = encryption.GetCustomerKeyBase64();
            request.ServerSideEncryptionCustomerProvidedKeyMD5 = encryption.CustomerKeyMd5Base64;
        }
    }

    /// <summary>Sends the SSE-C key with complete (S3 wants it when the upload carries additional checksums).</summary>
    public static void ApplyTo(CompleteMultipartUploadRequest request, ServerSideEncryption? encryption)
    {
        if (encryption is { Kind: ServerSideEncryptionKind.CustomerKey })
        {
            request.SSECustomerAlgorithm = ServerSideEncryptionCustomerMethod.AES256;
            request.SSECustomerKey = encryption.GetCustomerKeyBase64();
            request.SSECustomerKeyMD5 = encryption.CustomerKeyMd5Base64;
        }
    }

    /// <summary>Sends the SSE-C key with HEAD (S3 answers 400 to a HEAD of an SSE-C object without it).</summary>
    public static void ApplyTo(GetObjectMetadataRequest request, ServerSideEncryption? encryption)
    {
        if (encryption is { Kind: ServerSideEncryptionKind.CustomerKey })
        {
            request.ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256;
            request.ServerSideEncryptionCustomerProvidedKey = encryption.GetCustomerKeyBase64();
            request.ServerSideEncryptionCustomerProvidedKeyMD5 = encryption.CustomerKeyMd5Base64;
        }
    }

    private static void ApplyHeaders(HeadersCollection headers, MetadataCollection metadata, ObjectProperties properties)
    {
        headers.CacheControl = properties.CacheControl;
        headers.ContentEncoding = properties.ContentEncoding;
        headers.ContentDisposition = properties.ContentDisposition;
        foreach (var (name, value) in properties.Metadata)
        {
            metadata[name] = value;
        }
    }

    /// <summary>The SDK values of the properties that CreateMultipartUpload and PutObject both take (types they do not share).</summary>
    private sealed record Settings(List<Tag>? Tags, S3StorageClass? StorageClass, S3CannedACL? CannedAcl, ServerSideEncryptionMethod? Method, string? KmsKeyId, string? CustomerKey, string? CustomerKeyMd5)
    {
        public static Settings Of(ObjectProperties p) => new(
            p.Tags.Count == 0 ? null : [.. p.Tags.Select(t => new Tag { Key = t.Key, Value = t.Value })],
            p.StorageClass is { } storageClass ? S3StorageClass.FindValue(storageClass) : null,
            p.CannedAcl is { } acl ? S3CannedACL.FindValue(acl) : null,
            p.Encryption?.Kind switch
            {
                ServerSideEncryptionKind.Kms => ServerSideEncryptionMethod.AWSKMS,
                ServerSideEncryptionKind.ServiceManaged => ServerSideEncryptionMethod.AES256,
                _ => null,
            },
            p.Encryption?.KmsKeyId,
            p.Encryption?.GetCustomerKeyBase64(),
            p.Encryption?.CustomerKeyMd5Base64);

        public override string ToString() => nameof(Settings); // never the key
    }
}
