using System.IO.Hashing;

namespace ResumableUpload.Targets.Tests;

/// <summary>
/// The CRCs the tests expect, computed here independently of the library's own Crc (so a wrong parameter set there
/// cannot hide behind the same mistake here): the test projects' one copy of the CRC-64/XZ parameter set.
/// </summary>
internal static class IndependentCrc
{
    private static readonly Crc64ParameterSet Crc64XzParameters = Crc64ParameterSet.Create(0x42F0E1EBA9EA3693, ~0UL, ~0UL, reflectValues: true);

    /// <summary>CRC-64/XZ (check value of "123456789": 0x995DC9BBDF1939FA).</summary>
    public static ulong Crc64Xz(ReadOnlySpan<byte> data) => Crc64.HashToUInt64(Crc64XzParameters, data);

    public static ulong Compute(ChecksumAlgorithm algorithm, ReadOnlySpan<byte> bytes) => algorithm switch
    {
        ChecksumAlgorithm.Crc64Xz => Crc64Xz(bytes),
        ChecksumAlgorithm.Crc64Nvme => Crc64.HashToUInt64(Crc64ParameterSet.Nvme, bytes),
        _ => Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, bytes),
    };
}
