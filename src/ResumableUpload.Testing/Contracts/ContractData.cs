using ResumableUpload.Shared;

namespace ResumableUpload.Testing;

/// <summary>Bytes, checksums and requests for the contract suites.</summary>
internal static class ContractData
{
    public static byte[] Bytes(long length, int seed)
    {
        var bytes = new byte[length];
#pragma warning disable CA5394 // test data, not security
        new Random(seed).NextBytes(bytes);
#pragma warning restore CA5394
        return bytes;
    }

    public static ulong Crc(ChecksumAlgorithm algorithm, ReadOnlySpan<byte> bytes) => CrcParameters.Compute(algorithm, bytes);

    public static PartChecksums Checksums(ChecksumAlgorithm algorithm, byte[] bytes, bool md5)
#pragma warning disable CA5351 // Content-MD5 is an integrity check
        => new(algorithm, Crc(algorithm, bytes), md5 ? System.Security.Cryptography.MD5.HashData(bytes) : ReadOnlyMemory<byte>.Empty);
#pragma warning restore CA5351

    public static PartUploadRequest Part(ObjectLocation location, string uploadId, int number, byte[] bytes, PartChecksums checksums)
        => new(location, uploadId, number, bytes.Length, checksums, () => new MemoryStream(bytes, writable: false));

    public static PartRecord Record(UploadedPart uploaded, long offset, PartChecksums checksums)
        => new(uploaded.PartNumber, offset, uploaded.Length, uploaded.ETag, checksums.Crc, checksums.Md5Base64);
}
