using System.IO.Hashing;

namespace ResumableUpload.Shared;

/// <summary>
/// The one place for the CRC parameter sets the library speaks. CRC-64/NVME and CRC-32C are System.IO.Hashing's own
/// named sets; CRC-64/XZ is built here. Each package that computes CRCs without seeing the core's internals (the
/// Testing package, the e2e harness) links this file, as it links <c>Errors.cs</c>; <c>Hashing/CrcTests</c> pins each
/// set to its catalogue check value.
/// </summary>
internal static class CrcParameters
{
    /// <summary>CRC-64/XZ: ECMA-182 polynomial, reflected, init and xorout all ones; check("123456789") = 0x995DC9BBDF1939FA.</summary>
    public static readonly Crc64ParameterSet Crc64Xz = Crc64ParameterSet.Create(0x42F0E1EBA9EA3693, ~0UL, ~0UL, reflectValues: true);

    /// <summary>CRC-64/NVME (the S3 full-object checksum); check("123456789") = 0xAE8B14860A799888.</summary>
    public static Crc64ParameterSet Crc64Nvme => Crc64ParameterSet.Nvme;

    /// <summary>CRC-32C (Castagnoli); check("123456789") = 0xE3069283.</summary>
    public static Crc32ParameterSet Crc32C => Crc32ParameterSet.Crc32C;

    /// <summary>Computes the CRC of <paramref name="data"/> in one pass.</summary>
    /// <param name="algorithm">The CRC variant.</param>
    /// <param name="data">The bytes.</param>
    /// <returns>The CRC, widened to 64 bits.</returns>
    public static ulong Compute(ChecksumAlgorithm algorithm, ReadOnlySpan<byte> data) => algorithm switch
    {
        ChecksumAlgorithm.Crc64Xz => Crc64.HashToUInt64(Crc64Xz, data),
        ChecksumAlgorithm.Crc64Nvme => Crc64.HashToUInt64(Crc64Nvme, data),
        ChecksumAlgorithm.Crc32C => Crc32.HashToUInt32(Crc32C, data),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };
}
