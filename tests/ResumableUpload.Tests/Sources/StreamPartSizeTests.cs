using ResumableUpload.Tests.Pipeline;

namespace ResumableUpload.Tests.Sources;

/// <summary>
/// Part sizes of a stream without a length: growth on targets that take unequal parts (a stream past 10,000 × the
/// initial part size to a target that keeps only sizes and CRCs), and a clear failure before the limit where parts
/// must be equal.
/// </summary>
public sealed class StreamPartSizeTests
{
    private const long Initial = UploaderFixture.PartSize;

    [Fact]
    public async Task UploadAsync_StreamPast10000InitialParts_GrowsThePartSizeAndKeepsTheCrc()
    {
        var target = new CrcOnlyTarget(Capabilities(equalParts: false, maxPartCount: 10_000));
        var length = (10_000 * Initial) + 12_345;
        var uploader = new ResumableUploader(target, checkpointStore: null, UploaderFixture.FastOptions());

        var result = await uploader.UploadAsync(new UploadRequest { Source = new StreamSource(new SyntheticStream(length)), Key = "grown.bin" });

        Assert.Equal(length, result.Length);
        Assert.Equal(SyntheticStream.Crc(ChecksumAlgorithm.Crc64Xz, length), result.Crc);
        Assert.True(result.CrcVerifiedByTarget);
        var parts = target.CompletedPartLengths;
        Assert.Equal(result.PartCount, parts.Count);
        Assert.InRange(parts.Count, 2, 9_999);
        Assert.Equal(Initial, parts[0]);
        Assert.True(parts.SkipLast(1).Zip(parts.Skip(1).SkipLast(1)).All(p => p.Second == p.First || p.Second == 2 * p.First), "every part is its predecessor's size or twice it");
        Assert.Equal(length, parts.Sum());
    }

    [Fact]
    public void SyntheticStreamCrc_CombinedFromBlocks_EqualsTheOnePassCrc()
        => Assert.Equal(SyntheticStream.CrcByReading(ChecksumAlgorithm.Crc64Xz, (3L << 20) + 99), SyntheticStream.Crc(ChecksumAlgorithm.Crc64Xz, (3L << 20) + 99));

    [Fact]
    public async Task UploadAsync_EqualPartsTargetAndAStreamOnePartTooLong_FailsBeforeThatPartNamingTheFix()
    {
        var target = new CrcOnlyTarget(Capabilities(equalParts: true, maxPartCount: 20));
        using var temp = new TestSupport.TempDirectory();
        var uploader = new ResumableUploader(target, new FileCheckpointStore(temp.Path), UploaderFixture.FastOptions());

        var ex = await Assert.ThrowsAsync<PartCountExceededException>(() => uploader.UploadAsync(new UploadRequest { Source = new StreamSource(new SyntheticStream((20 * Initial) + 1)), Key = "k" }));

        Assert.Contains("--part-size", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--size-hint", ex.Message, StringComparison.Ordinal);
        Assert.Equal(20, ex.MaxPartCount);
        Assert.Equal(20 * Initial, ex.BytesSent);
        Assert.Equal(20, target.PartRequests);
        Assert.Single(Directory.GetFiles(temp.Path, "*.ckpt")); // resumable: the parts sent stay recorded
    }

    [Fact]
    public async Task UploadAsync_EqualPartsTargetAndAStreamOfExactlyTheLimit_Completes()
    {
        var target = new CrcOnlyTarget(Capabilities(equalParts: true, maxPartCount: 20));
        var uploader = new ResumableUploader(target, checkpointStore: null, UploaderFixture.FastOptions());

        var result = await uploader.UploadAsync(new UploadRequest { Source = new StreamSource(new SyntheticStream(20 * Initial)), Key = "k" });

        Assert.Equal(20, result.PartCount);
        Assert.Equal(SyntheticStream.Crc(ChecksumAlgorithm.Crc64Xz, 20 * Initial), result.Crc);
    }

    [Fact]
    public async Task UploadAsync_EqualPartsTargetWithASizeHint_SizesPartsForTheHint()
    {
        var target = new CrcOnlyTarget(Capabilities(equalParts: true, maxPartCount: 20));
        var uploader = new ResumableUploader(target, checkpointStore: null, UploaderFixture.FastOptions());
        var length = 35 * Initial;

        var result = await uploader.UploadAsync(new UploadRequest { Source = new StreamSource(new SyntheticStream(length)) { LengthHint = length }, Key = "k" });

        Assert.InRange(result.PartCount, 2, 20);
        Assert.All(target.CompletedPartLengths.SkipLast(1), l => Assert.Equal(result.PartSize, l));
    }

    private static TargetCapabilities Capabilities(bool equalParts, int maxPartCount) => new()
    {
        MinPartSize = UploadOptions.MinPartSize,
        MaxPartSize = UploadOptions.MaxPartSize,
        MaxPartCount = maxPartCount,
        MaxObjectSize = 5L << 40,
        CanListParts = true,
        ObjectChecksums = [ChecksumAlgorithm.Crc64Xz],
        RequiresEqualParts = equalParts,
    };
}
