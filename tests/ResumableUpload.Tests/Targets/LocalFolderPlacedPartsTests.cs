using ResumableUpload.Hashing;
using ResumableUpload.TestSupport;

namespace ResumableUpload.Tests.Targets;

/// <summary>Parts that arrive with their object offset are written in place; complete renames the data file.</summary>
public class LocalFolderPlacedPartsTests : IDisposable
{
    private const int Stride = 120_000;
    private readonly TempDirectory temp = new();
    private readonly LocalFolderTarget target;
    private readonly ObjectLocation location = new(string.Empty, "sub/o.bin");
    private readonly byte[] data = TestData.RandomBytes(250_000, 11);

    public LocalFolderPlacedPartsTests() => target = new LocalFolderTarget(temp.Path);

    private string Staging => Path.Combine(temp.Path, ".rupload-uploads");

    private string ObjectPath => Path.Combine(temp.Path, "sub", "o.bin");

    [Fact]
    public async Task CompleteAsync_PlacedPartsInAnyOrder_ObjectIsByteIdenticalAndStagingGone()
    {
        var id = await target.InitiateAsync(location, ObjectProperties.Empty, ChecksumAlgorithm.Crc64Xz);
        var records = new List<PartRecord>();
        foreach (var n in new[] { 3, 1, 2 })
        {
            records.Add(await UploadAsync(id, n, placed: true));
        }

        records.Sort((a, b) => a.PartNumber.CompareTo(b.PartNumber));
        Assert.Equal([1, 2, 3], (await target.ListPartsAsync(location, id).ToListAsync()).Select(p => p.PartNumber));
        var done = await target.CompleteAsync(location, id, records, Whole());

        Assert.Equal(Crc.Compute(ChecksumAlgorithm.Crc64Xz, data), done.Crc);
        Assert.Equal(data, File.ReadAllBytes(ObjectPath));
        Assert.Empty(Directory.GetFileSystemEntries(Staging));
    }

    [Fact]
    public async Task CompleteAsync_PlacedAndStagedPartsMixed_AssemblesTheRightBytes()
    {
        var id = await target.InitiateAsync(location, ObjectProperties.Empty, ChecksumAlgorithm.Crc64Xz);
        var records = new List<PartRecord> { await UploadAsync(id, 1, placed: true), await UploadAsync(id, 2, placed: false), await UploadAsync(id, 3, placed: true) };

        await target.CompleteAsync(location, id, records, Whole());

        Assert.Equal(data, File.ReadAllBytes(ObjectPath));
    }

    [Fact]
    public async Task CompleteAsync_PartsSentButNotListed_AreCutFromTheObject()
    {
        var id = await target.InitiateAsync(location, ObjectProperties.Empty, ChecksumAlgorithm.Crc64Xz);
        var records = new List<PartRecord> { await UploadAsync(id, 1, placed: true), await UploadAsync(id, 2, placed: true) };
        await UploadAsync(id, 3, placed: true);

        await target.CompleteAsync(location, id, records, new PartChecksums(ChecksumAlgorithm.Crc64Xz, Crc.Compute(ChecksumAlgorithm.Crc64Xz, data.AsSpan(0, 2 * Stride)), ReadOnlyMemory<byte>.Empty));

        Assert.Equal(data.AsSpan(0, 2 * Stride).ToArray(), File.ReadAllBytes(ObjectPath));
    }

    [Theory]
    [InlineData(2, Stride + 1, Stride)] // not where part 2 starts
    [InlineData(2, Stride, Stride + 1)] // longer than a part
    public async Task UploadPartAsync_PartOutsideTheUploadsLayout_IsRejected(int number, long offset, int length)
    {
        var id = await target.InitiateAsync(location, ObjectProperties.Empty, ChecksumAlgorithm.Crc64Xz);
        await UploadAsync(id, 1, placed: true);
        var bytes = TestData.RandomBytes(length, 5);
        var request = new PartUploadRequest(location, id, number, length, Sums(bytes), () => new MemoryStream(bytes)) { ObjectOffset = offset };

        var ex = await Assert.ThrowsAsync<TargetException>(() => target.UploadPartAsync(request));

        Assert.Equal(TargetErrorKind.InvalidRequest, ex.Kind);
        Assert.Equal([1], (await target.ListPartsAsync(location, id).ToListAsync()).Select(p => p.PartNumber));
    }

    [Fact]
    public async Task UploadPartAsync_RewriteThatFails_LeavesThePartMissingNotAStaleMarker()
    {
        var id = await target.InitiateAsync(location, ObjectProperties.Empty, ChecksumAlgorithm.Crc64Xz);
        await UploadAsync(id, 1, placed: true);
        await UploadAsync(id, 2, placed: true);
        var other = TestData.RandomBytes(Stride, 99);
        var wrong = new PartUploadRequest(location, id, 2, Stride, Sums(data.AsSpan(Stride, Stride).ToArray()), () => new MemoryStream(other)) { ObjectOffset = Stride };

        await Assert.ThrowsAsync<TargetException>(() => target.UploadPartAsync(wrong));

        // Its bytes on disk are no longer the part's: the part must be sent again, not completed from a stale marker.
        Assert.Equal([1], (await target.ListPartsAsync(location, id).ToListAsync()).Select(p => p.PartNumber));
    }

    [Fact]
    public async Task CompleteAsync_KilledAfterTheObjectMovedIntoPlace_RunAgainSucceedsOnlyIfTheObjectIsWhole()
    {
        // A complete killed between renaming the data file into place and removing the upload's folder.
        var id = await target.InitiateAsync(location, ObjectProperties.Empty, ChecksumAlgorithm.Crc64Xz);
        var records = new List<PartRecord>();
        foreach (var n in new[] { 1, 2, 3 })
        {
            records.Add(await UploadAsync(id, n, placed: true));
        }

        Directory.CreateDirectory(Path.GetDirectoryName(ObjectPath)!);
        File.Move(Path.Combine(Staging, id, "object.data"), ObjectPath);
        var copy = File.ReadAllBytes(ObjectPath);
        copy[1000] ^= 1;
        File.WriteAllBytes(ObjectPath, copy);
        var ex = await Assert.ThrowsAsync<TargetException>(() => target.CompleteAsync(location, id, records, Whole()));
        Assert.Equal(TargetErrorKind.UploadNotFound, ex.Kind);

        File.WriteAllBytes(ObjectPath, data);
        await target.CompleteAsync(location, id, records, Whole());
        Assert.Equal(data, File.ReadAllBytes(ObjectPath));
        Assert.Empty(Directory.GetFileSystemEntries(Staging));
    }

    public void Dispose() => temp.Dispose();

    private static PartChecksums Sums(byte[] bytes) => new(ChecksumAlgorithm.Crc64Xz, Crc.Compute(ChecksumAlgorithm.Crc64Xz, bytes), ReadOnlyMemory<byte>.Empty);

    private PartChecksums Whole() => Sums(data);

    private async Task<PartRecord> UploadAsync(string id, int number, bool placed)
    {
        var offset = (number - 1) * Stride;
        var bytes = data.AsSpan(offset, Math.Min(Stride, data.Length - offset)).ToArray();
        var request = new PartUploadRequest(location, id, number, bytes.Length, Sums(bytes), () => new MemoryStream(bytes)) { ObjectOffset = placed ? offset : null };
        var part = await target.UploadPartAsync(request);
        return new PartRecord(number, offset, bytes.Length, part.ETag, Crc.Compute(ChecksumAlgorithm.Crc64Xz, bytes));
    }
}
