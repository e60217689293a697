using Xunit;
using ResumableUpload.TestSupport;

namespace ResumableUpload.Targets.Tests.S3;

/// <summary>
/// OSS's <c>x-oss-hash-crc64ecma</c> on parts, single puts and complete, injected in front of the real SDK client and
/// Ceph RGW (no OSS server runs here): a right value marks the result verified by the target, a wrong one is a
/// <see cref="ChecksumMismatchException"/> with the facts on its properties.
/// </summary>
public class OssCrcHeaderTests : IDisposable
{
    private const int PartSize = 5 << 20;
    private readonly TempDirectory temp = new();

    [Fact]
    public void Crc64Xz_CheckValue_MatchesTheCatalogue()
        => Assert.Equal(0x995DC9BBDF1939FAUL, OssCrcInjector.Crc64Xz("123456789"u8));

    [Fact]
    public async Task UploadAsync_RightHeaderOnPartsAndComplete_CrcVerifiedByTarget()
    {
        var (bytes, source) = Source("right.bin", 2 * PartSize + 100, seed: 31);
        var injector = new OssCrcInjector(new SocketsHttpHandler()) { PartCrc = n => PartCrc(bytes, n), ObjectCrc = OssCrcInjector.Crc64Xz(bytes) };
        using var target = OssCrcInjector.Target(injector);
        var bucket = await RgwStore.CreateBucketAsync(target);

        var result = await new ResumableUploader(target, null, new UploadOptions { PartSize = PartSize }).UploadAsync(new UploadRequest { SourcePath = source, Bucket = bucket, Key = "right.bin" });

        Assert.Equal(3, result.PartCount);
        Assert.Equal(4, injector.Injected); // three parts and the complete
        Assert.True(result.CrcVerifiedByTarget);
        Assert.Equal(OssCrcInjector.Crc64Xz(bytes), result.Crc);
    }

    [Fact]
    public async Task UploadAsync_NoHeader_NotVerifiedByTarget()
    {
        var (_, source) = Source("plain.bin", PartSize + 100, seed: 32);
        var injector = new OssCrcInjector(new SocketsHttpHandler());
        using var target = OssCrcInjector.Target(injector);
        var bucket = await RgwStore.CreateBucketAsync(target);

        var result = await new ResumableUploader(target, null, new UploadOptions { PartSize = PartSize }).UploadAsync(new UploadRequest { SourcePath = source, Bucket = bucket, Key = "plain.bin" });

        Assert.Equal(0, injector.Injected);
        Assert.False(result.CrcVerifiedByTarget);
    }

    [Fact]
    public async Task UploadAsync_WrongHeaderOnPart_ChecksumMismatchNamingThePart()
    {
        var (bytes, source) = Source("badpart.bin", 2 * PartSize + 100, seed: 33);
        var right = PartCrc(bytes, 2);
        var injector = new OssCrcInjector(new SocketsHttpHandler()) { PartCrc = n => n == 2 ? right ^ 1 : PartCrc(bytes, n) };
        using var target = OssCrcInjector.Target(injector);
        var bucket = await RgwStore.CreateBucketAsync(target);
        var store = new FileCheckpointStore(temp.SubDirectory("ckpt-badpart"));

        var ex = await Assert.ThrowsAsync<ChecksumMismatchException>(() => new ResumableUploader(target, store, new UploadOptions { PartSize = PartSize }).UploadAsync(new UploadRequest { SourcePath = source, Bucket = bucket, Key = "badpart.bin" }));

        Assert.Equal(2, ex.PartNumber);
        Assert.Equal(ChecksumAlgorithm.Crc64Xz, ex.Algorithm);
        Assert.Equal(right, ex.ExpectedCrc);
        Assert.Equal(right ^ 1, ex.ReportedCrc);
        var kept = Assert.Single(await store.ListAsync().ToListAsync());
        Assert.DoesNotContain(kept.Checkpoint!.Parts, p => p.PartNumber == 2);
    }

    [Fact]
    public async Task UploadAsync_WrongHeaderOnComplete_ChecksumMismatchForTheObject()
    {
        var (bytes, source) = Source("badobject.bin", PartSize + 100, seed: 34);
        var whole = OssCrcInjector.Crc64Xz(bytes);
        var injector = new OssCrcInjector(new SocketsHttpHandler()) { PartCrc = n => PartCrc(bytes, n), ObjectCrc = whole + 1 };
        using var target = OssCrcInjector.Target(injector);
        var bucket = await RgwStore.CreateBucketAsync(target);

        var ex = await Assert.ThrowsAsync<ChecksumMismatchException>(() => new ResumableUploader(target, null, new UploadOptions { PartSize = PartSize }).UploadAsync(new UploadRequest { SourcePath = source, Bucket = bucket, Key = "badobject.bin" }));

        Assert.Null(ex.PartNumber);
        Assert.Equal(whole, ex.ExpectedCrc);
        Assert.Equal(whole + 1, ex.ReportedCrc);
        Assert.Equal(3, injector.Injected); // two parts and the complete
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task UploadAsync_SinglePutWithHeader_VerifiedOrMismatch(bool right)
    {
        var (bytes, source) = Source("small-" + right + ".bin", 1000, seed: 35);
        var crc = OssCrcInjector.Crc64Xz(bytes);
        var injector = new OssCrcInjector(new SocketsHttpHandler()) { ObjectCrc = right ? crc : ~crc };
        using var target = OssCrcInjector.Target(injector);
        var bucket = await RgwStore.CreateBucketAsync(target);
        var uploader = new ResumableUploader(target, null, new UploadOptions { PartSize = PartSize });
        var request = new UploadRequest { SourcePath = source, Bucket = bucket, Key = "small.bin" };

        if (right)
        {
            var result = await uploader.UploadAsync(request);
            Assert.Equal(1, result.PartCount);
            Assert.Null(result.UploadId);
            Assert.True(result.CrcVerifiedByTarget);
        }
        else
        {
            var ex = await Assert.ThrowsAsync<ChecksumMismatchException>(() => uploader.UploadAsync(request));
            Assert.Equal(crc, ex.ExpectedCrc);
            Assert.Equal(~crc, ex.ReportedCrc);
            Assert.Null(ex.PartNumber);
        }

        Assert.Equal(1, injector.Injected);
    }

    public void Dispose()
    {
        temp.Dispose();
        GC.SuppressFinalize(this);
    }

    private static ulong PartCrc(byte[] bytes, int partNumber)
    {
        var offset = (partNumber - 1) * PartSize;
        return OssCrcInjector.Crc64Xz(bytes.AsSpan(offset, Math.Min(PartSize, bytes.Length - offset)));
    }

    private (byte[] Bytes, string Path) Source(string name, long length, int seed)
    {
        var path = temp.RandomFile(name, length, seed);
        return (File.ReadAllBytes(path), path);
    }
}
