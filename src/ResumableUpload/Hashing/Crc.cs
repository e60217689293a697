using System.IO.Hashing;

namespace ResumableUpload.Hashing;

/// <summary>The CRC variants, computed with System.IO.Hashing 11 parameter sets, and combined without re-reading.</summary>
internal static class Crc
{
    // CRC-64/XZ: ECMA-182 polynomial, reflected, init and xorout all ones; check("123456789") = 0x995DC9BBDF1939FA.
    private static readonly Crc64ParameterSet Crc64Xz = Crc64ParameterSet.Create(0x42F0E1EBA9EA3693, ~0UL, ~0UL, reflectValues: true);

    private static readonly CrcCombiner Crc64XzCombiner = new(64, 0xC96C5795D7870F42);
    private static readonly CrcCombiner Crc64NvmeCombiner = new(64, 0x9A6C9329AC4BC9B5);
    private static readonly CrcCombiner Crc32CCombiner = new(32, 0x82F63B78);

    /// <summary>Computes the CRC of <paramref name="data"/> in one pass.</summary>
    public static ulong Compute(ChecksumAlgorithm algorithm, ReadOnlySpan<byte> data) => algorithm switch
    {
        ChecksumAlgorithm.Crc64Xz => Crc64.HashToUInt64(Crc64Xz, data),
        ChecksumAlgorithm.Crc64Nvme => Crc64.HashToUInt64(Crc64ParameterSet.Nvme, data),
        ChecksumAlgorithm.Crc32C => Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, data),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    /// <summary>Creates an incremental hasher for data that arrives in pieces.</summary>
    public static NonCryptographicHashAlgorithm CreateIncremental(ChecksumAlgorithm algorithm) => algorithm switch
    {
        ChecksumAlgorithm.Crc64Xz => new Crc64(Crc64Xz),
        ChecksumAlgorithm.Crc64Nvme => new Crc64(Crc64ParameterSet.Nvme),
        ChecksumAlgorithm.Crc32C => new Crc32(Crc32ParameterSet.Crc32C),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    /// <summary>Reads the value of an incremental hasher made by <see cref="CreateIncremental"/>.</summary>
    public static ulong GetCurrentValue(NonCryptographicHashAlgorithm hasher) => hasher switch
    {
        Crc64 c => c.GetCurrentHashAsUInt64(),
        Crc32 c => c.GetCurrentHashAsUInt32(),
        _ => throw new ArgumentOutOfRangeException(nameof(hasher)),
    };

    /// <summary>Gives crc(A‖B) from crc(A), crc(B) and the length of B, without the bytes.</summary>
    public static ulong Combine(ChecksumAlgorithm algorithm, ulong crcA, ulong crcB, long lengthB) => Combiner(algorithm).Combine(crcA, crcB, lengthB);

    /// <summary>Gives the CRC of the whole object from the CRCs of its parts, in order.</summary>
    public static ulong CombineParts(ChecksumAlgorithm algorithm, IEnumerable<PartRecord> orderedParts)
    {
        var combiner = Combiner(algorithm);
        var crc = Compute(algorithm, []);
        foreach (var part in orderedParts)
        {
            crc = combiner.Combine(crc, part.Crc, part.Length);
        }

        return crc;
    }

    private static CrcCombiner Combiner(ChecksumAlgorithm algorithm) => algorithm switch
    {
        ChecksumAlgorithm.Crc64Xz => Crc64XzCombiner,
        ChecksumAlgorithm.Crc64Nvme => Crc64NvmeCombiner,
        ChecksumAlgorithm.Crc32C => Crc32CCombiner,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };
}
