using System.Security.Cryptography;
using ResumableUpload.Hashing;
using Xunit;

namespace ResumableUpload.Tests.Hashing;

public sealed class PartHasherTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(65_536)]
    [InlineData(200_001)]
    public void Compute_WithSha256_AddsTheSha256AndKeepsCrcAndMd5(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);

        var plain = PartHasher.Compute(ChecksumAlgorithm.Crc64Nvme, contentMd5: true, data);
        var withSha = PartHasher.Compute(ChecksumAlgorithm.Crc64Nvme, contentMd5: true, sha256: true, data);

        Assert.Equal(SHA256.HashData(data), withSha.Sha256.ToArray());
        Assert.Equal(plain.Crc, withSha.Crc);
        Assert.Equal(plain.Md5Base64, withSha.Md5Base64);
    }

    [Fact]
    public void Compute_WithoutSha256_LeavesItEmpty()
    {
        var sums = PartHasher.Compute(ChecksumAlgorithm.Crc64Xz, contentMd5: false, sha256: false, new byte[10]);

        Assert.True(sums.Sha256.IsEmpty);
    }
}
