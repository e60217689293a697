namespace ResumableUpload.S3;

/// <summary>How much of S3's checksum protocol the server understands.</summary>
public enum S3ChecksumCompatibility
{
    /// <summary>
    /// Amazon S3 and servers that implement its additional checksums: parts carry the CRC-64/NVME or CRC-32C the
    /// uploader computed (<c>x-amz-checksum-*</c>), the upload is created as a <c>FULL_OBJECT</c> checksum upload and
    /// complete sends the whole-object CRC for the server to verify. The client keeps the SDK's checksum defaults.
    /// </summary>
    AdditionalChecksums = 0,

    /// <summary>
    /// Servers that predate additional checksums (Ceph RGW before 19, Alibaba OSS's S3 endpoint, older MinIO and
    /// other S3-compatibles): no <c>x-amz-checksum-*</c> headers are sent and a client that the target builds computes
    /// and validates checksums only where an operation requires them (<c>WHEN_REQUIRED</c>), because such servers
    /// reject the SDK's streamed trailing checksums (Ceph RGW 16 answers <c>400 XAmzContentSHA256Mismatch</c>).
    /// Content-MD5 still works when the uploader sends it.
    /// </summary>
    WhenRequired = 1,
}
