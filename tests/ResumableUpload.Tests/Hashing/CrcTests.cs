using ResumableUpload.Hashing;
using ResumableUpload.TestSupport;

namespace ResumableUpload.Tests.Hashing;

public class CrcTests
{
    public static TheoryData<ChecksumAlgorithm> Algorithms => [ChecksumAlgorithm.Crc64Xz, ChecksumAlgorithm.Crc64Nvme, ChecksumAlgorithm.Crc32C];

    [Theory]
    [InlineData(ChecksumAlgorithm.Crc64Xz, 0x995DC9BBDF1939FAUL)]
    [InlineData(ChecksumAlgorithm.Crc64Nvme, 0xAE8B14860A799888UL)]
    [InlineData(ChecksumAlgorithm.Crc32C, 0xE3069283UL)]
    public void Compute_CheckString_MatchesCatalogue(ChecksumAlgorithm algorithm, ulong expected)
        => Assert.Equal(expected, Crc.Compute(algorithm, "123456789"u8));

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Combine_AnySplit_EqualsOnePassCrc(ChecksumAlgorithm algorithm)
    {
        var data = TestData.RandomBytes(70_000, seed: 7);
        var whole = Crc.Compute(algorithm, data);
        var random = new Random(3);
        for (var i = 0; i < 200; i++)
        {
            var split = i < 3 ? new[] { 0, 1, data.Length }[i] : random.Next(0, data.Length + 1);
            var a = Crc.Compute(algorithm, data.AsSpan(0, split));
            var b = Crc.Compute(algorithm, data.AsSpan(split));
            Assert.Equal(whole, Crc.Combine(algorithm, a, b, data.Length - split));
        }
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void CombineParts_ManyUnequalParts_EqualsOnePassCrc(ChecksumAlgorithm algorithm)
    {
        var data = TestData.RandomBytes(1 << 20, seed: 11);
        var random = new Random(5);
        var parts = new List<PartRecord>();
        for (var offset = 0; offset < data.Length;)
        {
            var length = Math.Min(random.Next(1, 100_000), data.Length - offset);
            parts.Add(new PartRecord(parts.Count + 1, offset, length, "e", Crc.Compute(algorithm, data.AsSpan(offset, length))));
            offset += length;
        }

        Assert.Equal(Crc.Compute(algorithm, data), Crc.CombineParts(algorithm, parts));
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Combine_LongSecondPart_EqualsIncrementalCrc(ChecksumAlgorithm algorithm)
    {
        // 64 MiB of repeated blocks: long enough to exercise many powers of the combine table.
        var block = TestData.RandomBytes(1 << 20, seed: 13);
        var incremental = Crc.CreateIncremental(algorithm);
        var first = Crc.Compute(algorithm, block);
        var rest = Crc.CreateIncremental(algorithm);
        incremental.Append(block);
        for (var i = 0; i < 63; i++)
        {
            incremental.Append(block);
            rest.Append(block);
        }

        Assert.Equal(Crc.GetCurrentValue(incremental), Crc.Combine(algorithm, first, Crc.GetCurrentValue(rest), 63L << 20));
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void CombineParts_NoParts_IsCrcOfEmpty(ChecksumAlgorithm algorithm)
        => Assert.Equal(Crc.Compute(algorithm, []), Crc.CombineParts(algorithm, []));

    [Fact]
    public void PartChecksums_CrcBase64_IsBigEndian()
    {
        var sums = new PartChecksums(ChecksumAlgorithm.Crc64Nvme, 0xAE8B14860A799888UL, ReadOnlyMemory<byte>.Empty);
        Assert.Equal(Convert.ToBase64String([0xAE, 0x8B, 0x14, 0x86, 0x0A, 0x79, 0x98, 0x88]), sums.CrcBase64);
        Assert.True(PartChecksums.TryParseBase64(ChecksumAlgorithm.Crc64Nvme, sums.CrcBase64, out var back));
        Assert.Equal(0xAE8B14860A799888UL, back);
        Assert.Equal(Convert.ToBase64String([0xE3, 0x06, 0x92, 0x83]), PartChecksums.ToBase64(ChecksumAlgorithm.Crc32C, 0xE3069283));
    }
}
