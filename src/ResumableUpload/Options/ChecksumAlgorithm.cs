namespace ResumableUpload;

/// <summary>The CRC computed for every part and combined into a whole-object CRC at complete.</summary>
public enum ChecksumAlgorithm
{
    /// <summary>CRC-64/XZ (ECMA-182 polynomial, reflected): what Alibaba OSS reports as <c>x-oss-hash-crc64ecma</c>. The default.</summary>
    Crc64Xz = 0,

    /// <summary>CRC-64/NVME: what Amazon S3 accepts as a full-object <c>CRC64NVME</c> checksum.</summary>
    Crc64Nvme = 1,

    /// <summary>CRC-32C (Castagnoli): accepted by S3 as <c>CRC32C</c>.</summary>
    Crc32C = 2,
}
