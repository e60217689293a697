using Amazon.S3.Model;
using AwsChecksumAlgorithm = Amazon.S3.ChecksumAlgorithm;

namespace ResumableUpload.S3;

/// <summary>Maps the uploader's CRCs to S3's additional checksums (CRC-64/NVME and CRC-32C; S3 has no CRC-64/XZ).</summary>
internal static class S3Checksums
{
    public static readonly ChecksumAlgorithm[] Supported = [ChecksumAlgorithm.Crc64Nvme, ChecksumAlgorithm.Crc32C];

    /// <summary>Gets S3's name of the algorithm, or <see langword="null"/> when S3 has no such checksum.</summary>
    public static AwsChecksumAlgorithm? ToAws(ChecksumAlgorithm algorithm) => algorithm switch
    {
        ChecksumAlgorithm.Crc64Nvme => AwsChecksumAlgorithm.CRC64NVME,
        ChecksumAlgorithm.Crc32C => AwsChecksumAlgorithm.CRC32C,
        _ => null,
    };

    public static void Apply(UploadPartRequest request, PartChecksums checksums)
    {
        // A precomputed value goes in a header: the SDK then neither computes nor streams a trailing checksum.
        if (checksums.Algorithm == ChecksumAlgorithm.Crc64Nvme)
        {
            request.ChecksumCRC64NVME = checksums.CrcBase64;
        }
        else if (checksums.Algorithm == ChecksumAlgorithm.Crc32C)
        {
            request.ChecksumCRC32C = checksums.CrcBase64;
        }
    }

    public static void Apply(PutObjectRequest request, PartChecksums checksums)
    {
        if (checksums.Algorithm == ChecksumAlgorithm.Crc64Nvme)
        {
            request.ChecksumCRC64NVME = checksums.CrcBase64;
        }
        else if (checksums.Algorithm == ChecksumAlgorithm.Crc32C)
        {
            request.ChecksumCRC32C = checksums.CrcBase64;
        }
    }

    public static void Apply(PartETag part, PartRecord record, ChecksumAlgorithm algorithm)
    {
        if (algorithm == ChecksumAlgorithm.Crc64Nvme)
        {
            part.ChecksumCRC64NVME = PartChecksums.ToBase64(algorithm, record.Crc);
        }
        else if (algorithm == ChecksumAlgorithm.Crc32C)
        {
            part.ChecksumCRC32C = PartChecksums.ToBase64(algorithm, record.Crc);
        }
    }

    public static void Apply(CompleteMultipartUploadRequest request, PartChecksums objectCrc)
    {
        if (objectCrc.Algorithm == ChecksumAlgorithm.Crc64Nvme)
        {
            request.ChecksumCRC64NVME = objectCrc.CrcBase64;
        }
        else if (objectCrc.Algorithm == ChecksumAlgorithm.Crc32C)
        {
            request.ChecksumCRC32C = objectCrc.CrcBase64;
        }
        else
        {
            return;
        }

        request.ChecksumType = Amazon.S3.ChecksumType.FULL_OBJECT;
    }

    /// <summary>Reads the whole-object CRC a response reports, if it reports one in <paramref name="algorithm"/>.</summary>
    public static ulong? Reported(ChecksumAlgorithm algorithm, string? crc64Nvme, string? crc32C)
    {
        var text = algorithm switch
        {
            ChecksumAlgorithm.Crc64Nvme => crc64Nvme,
            ChecksumAlgorithm.Crc32C => crc32C,
            _ => null,
        };
        return PartChecksums.TryParseBase64(algorithm, text, out var value) ? value : null;
    }
}
