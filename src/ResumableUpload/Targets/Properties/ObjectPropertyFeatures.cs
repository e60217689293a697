namespace ResumableUpload;

/// <summary>The object properties a target can store, beyond content type and metadata, which every target stores.</summary>
[Flags]
public enum ObjectPropertyFeatures
{
    /// <summary>Content type and metadata only.</summary>
    None = 0,

    /// <summary><see cref="ObjectProperties.CacheControl"/>, <see cref="ObjectProperties.ContentEncoding"/> and <see cref="ObjectProperties.ContentDisposition"/>.</summary>
    Headers = 1,

    /// <summary><see cref="ObjectProperties.Tags"/>.</summary>
    Tags = 2,

    /// <summary><see cref="ObjectProperties.StorageClass"/>.</summary>
    StorageClass = 4,

    /// <summary><see cref="ObjectProperties.CannedAcl"/>.</summary>
    CannedAcl = 8,

    /// <summary><see cref="ServerSideEncryptionKind.ServiceManaged"/>.</summary>
    ServiceManagedEncryption = 16,

    /// <summary><see cref="ServerSideEncryptionKind.Kms"/>.</summary>
    KmsEncryption = 32,

    /// <summary><see cref="ServerSideEncryptionKind.CustomerKey"/>.</summary>
    CustomerKeyEncryption = 64,

    /// <summary>Every property.</summary>
    All = Headers | Tags | StorageClass | CannedAcl | ServiceManagedEncryption | KmsEncryption | CustomerKeyEncryption,
}
