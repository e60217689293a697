using System.IO.Hashing;
using ResumableUpload.Shared;

namespace ResumableUpload.Hashing;

/// <summary>The CRC variants, computed with System.IO.Hashing 11 parameter sets, and combined without re-reading.</summary>
internal static class Crc
{
    // The combiners work in reflected bit order: the parameter sets' polynomials, bit-reversed.
    private static readonly CrcCombiner Crc64XzCombiner = new(64, ReverseBits(CrcParameters.Crc64Xz.Polynomial));
    private static readonly CrcCombiner Crc64NvmeCombiner = new(64, ReverseBits(CrcParameters.Crc64Nvme.Polynomial));
    private static readonly CrcCombiner Crc32CCombiner = new(32, ReverseBits(CrcParameters.Crc32C.Polynomial) >> 32);

    /// <summary>Computes the CRC of <paramref name="data"/> in one pass.</summary>
    public static ulong Compute(ChecksumAlgorithm algorithm, ReadOnlySpan<byte> data) => CrcParameters.Compute(algorithm, data);

    /// <summary>Creates an incremental hasher for data that arrives in pieces.</summary>
    public static NonCryptographicHashAlgorithm CreateIncremental(ChecksumAlgorithm algorithm) => algorithm switch
    {
        ChecksumAlgorithm.Crc64Xz => new Crc64(CrcParameters.Crc64Xz),
        ChecksumAlgorithm.Crc64Nvme => new Crc64(CrcParameters.Crc64Nvme),
        ChecksumAlgorithm.Crc32C => new Crc32(CrcParameters.Crc32C),
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

    private static ulong ReverseBits(ulong value)
    {
        var reversed = 0UL;
        for (var bit = 0; bit < 64; bit++, value >>= 1)
        {
            reversed = (reversed << 1) | (value & 1);
        }

        return reversed;
    }

    private static CrcCombiner Combiner(ChecksumAlgorithm algorithm) => algorithm switch
    {
        ChecksumAlgorithm.Crc64Xz => Crc64XzCombiner,
        ChecksumAlgorithm.Crc64Nvme => Crc64NvmeCombiner,
        ChecksumAlgorithm.Crc32C => Crc32CCombiner,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };
}
