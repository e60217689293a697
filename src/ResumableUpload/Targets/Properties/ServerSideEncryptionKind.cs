namespace ResumableUpload;

/// <summary>Who holds the key that encrypts an object at rest.</summary>
public enum ServerSideEncryptionKind
{
    /// <summary>Keys the service manages (S3 <c>AES256</c>, SSE-S3).</summary>
    ServiceManaged,

    /// <summary>A key in the service's key management service (S3 <c>aws:kms</c>, SSE-KMS), optionally named by id.</summary>
    Kms,

    /// <summary>A 256-bit key the caller provides with every request (SSE-C); the service keeps only its hash.</summary>
    CustomerKey,
}
