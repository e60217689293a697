using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using ResumableUpload.Hashing;

namespace ResumableUpload.Benchmarks;

/// <summary>What does hashing one 8 MiB part cost, per checksum choice? (CRC-64/XZ, the default, is the baseline.)</summary>
[MemoryDiagnoser]
public class HashingBenchmarks
{
    private byte[] part = [];

    [GlobalSetup]
    public void Setup()
    {
        part = new byte[8 << 20];
        new Random(1).NextBytes(part);
    }

    [Benchmark(Baseline = true)]
    public ulong Crc64Xz() => Crc.Compute(ChecksumAlgorithm.Crc64Xz, part);

    [Benchmark]
    public ulong Crc64Nvme() => Crc.Compute(ChecksumAlgorithm.Crc64Nvme, part);

    [Benchmark]
    public ulong Crc32C() => Crc.Compute(ChecksumAlgorithm.Crc32C, part);

#pragma warning disable CA5351 // Content-MD5 is what is measured.
    [Benchmark]
    public byte[] Md5() => MD5.HashData(part);
#pragma warning restore CA5351

    /// <summary>The whole-object CRC of a 10,000-part upload from its part CRCs: what resume saves by not re-reading.</summary>
    [Benchmark]
    public ulong Combine10000Parts()
    {
        var crc = 0UL;
        for (var i = 0; i < 10_000; i++)
        {
            crc = Crc.Combine(ChecksumAlgorithm.Crc64Xz, crc, (ulong)i, 8 << 20);
        }

        return crc;
    }
}
