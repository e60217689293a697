using System.IO.Hashing;

namespace ResumableUpload.Testing;

/// <summary>Bytes, checksums and requests for the contract suites.</summary>
internal static class ContractData
{
    private static readonly Crc64ParameterSet Crc64Xz = Crc64ParameterSet.Create(0x42F0E1EBA9EA3693, ~0UL, ~0UL, reflectValues: true);

    public static byte[] Bytes(long length, int seed)
    {
        var bytes = new byte[length];
#pragma warning disable CA5394 // test data, not security
        new Random(seed).NextBytes(bytes);
#pragma warning restore CA5394
        return bytes;
    }

    public static ulong Crc(ChecksumAlgorithm algorithm, ReadOnlySpan<byte> bytes) => algorithm switch
    {
        ChecksumAlgorithm.Crc64Xz => Crc64.HashToUInt64(Crc64Xz, bytes),
        ChecksumAlgorithm.Crc64Nvme => Crc64.HashToUInt64(Crc64ParameterSet.Nvme, bytes),
        ChecksumAlgorithm.Crc32C => Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, bytes),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    public static PartChecksums Checksums(ChecksumAlgorithm algorithm, byte[] bytes, bool md5)
#pragma warning disable CA5351 // Content-MD5 is an integrity check
        => new(algorithm, Crc(algorithm, bytes), md5 ? System.Security.Cryptography.MD5.HashData(bytes) : ReadOnlyMemory<byte>.Empty);
#pragma warning restore CA5351

    public static PartUploadRequest Part(ObjectLocation location, string uploadId, int number, byte[] bytes, PartChecksums checksums)
        => new(location, uploadId, number, bytes.Length, checksums, () => new MemoryStream(bytes, writable: false));

    public static PartRecord Record(UploadedPart uploaded, long offset, PartChecksums checksums)
        => new(uploaded.PartNumber, offset, uploaded.Length, uploaded.ETag, checksums.Crc, checksums.Md5Base64);
}
