using ResumableUpload.Hashing;
using ResumableUpload.Targets.LocalFolder;
using ResumableUpload.TestSupport;

namespace ResumableUpload.Tests.Targets;

/// <summary>
/// Placed parts on an aligned stride go past the page cache (O_DIRECT): chunks, unaligned tails, bodies that lie, and
/// the read-back of parts recorded in another boot (a power cut between a part and the flush at complete).
/// </summary>
public class LocalFolderDirectWritesTests : IDisposable
{
    // Two 4 MiB chunks and a bit per part, so a part crosses chunks; the last part ends in a tail of 77 unaligned bytes.
    private const int Stride = (4 << 20) + (2 * DirectWrites.Alignment);
    private readonly TempDirectory temp = new();
    private readonly LocalFolderTarget target;
    private readonly ObjectLocation location = new(string.Empty, "d/o.bin");
    private readonly byte[] data = TestData.RandomBytes((2 * Stride) + DirectWrites.Alignment + 77, 21);

    public LocalFolderDirectWritesTests() => target = new LocalFolderTarget(temp.Path);

    private string ObjectPath => Path.Combine(temp.Path, "d", "o.bin");

    [Fact]
    public void TryOpen_OnTheTestsFileSystem_UsesODirect()
    {
        // Otherwise the other tests here would run the buffered path and prove nothing about this one.
        using var handle = DirectWrites.TryOpen(Path.Combine(temp.Path, "probe"));

        Assert.NotNull(handle);
    }

    [Fact]
    public async Task CompleteAsync_PartsInAnyOrderWithAnUnalignedTail_ObjectIsByteIdentical()
    {
        var id = await target.InitiateAsync(location, ObjectProperties.Empty, ChecksumAlgorithm.Crc64Nvme);
        var records = new List<PartRecord>();
        foreach (var n in new[] { 3, 1, 2 })
        {
            records.Add(await UploadAsync(id, n));
        }

        records.Sort((a, b) => a.PartNumber.CompareTo(b.PartNumber));
        await target.CompleteAsync(location, id, records, Sums(data));

        Assert.Equal(data, File.ReadAllBytes(ObjectPath));
    }

    [Fact]
    public async Task UploadPartAsync_BodyLongerThanDeclared_IsRejectedAndTheNextPartKeepsItsBytes()
    {
        var id = await target.InitiateAsync(location, ObjectProperties.Empty, ChecksumAlgorithm.Crc64Nvme);
        var records = new List<PartRecord> { await UploadAsync(id, 1), await UploadAsync(id, 2) };
        var longer = data.AsSpan(0, Stride + DirectWrites.Alignment).ToArray();
        Array.Fill<byte>(longer, 0xEE, Stride, DirectWrites.Alignment);
        var lying = new PartUploadRequest(location, id, 1, Stride, Sums(data.AsSpan(0, Stride).ToArray()), () => new MemoryStream(longer)) { ObjectOffset = 0 };

        var ex = await Assert.ThrowsAsync<TargetException>(() => target.UploadPartAsync(lying));

        Assert.Equal("IncompleteBody", ex.ErrorCode);
        records[0] = await UploadAsync(id, 1);
        records.Add(await UploadAsync(id, 3));
        await target.CompleteAsync(location, id, records, Sums(data));
        Assert.Equal(data, File.ReadAllBytes(ObjectPath));
    }

    [Fact]
    public async Task ListPartsAsync_PartsRecordedInAnotherBoot_AreReadBackAndALostOneIsDropped()
    {
        var id = await target.InitiateAsync(location, ObjectProperties.Empty, ChecksumAlgorithm.Crc64Nvme);
        foreach (var n in new[] { 1, 2, 3 })
        {
            await UploadAsync(id, n);
        }

        // A power cut after part 2 was recorded: its bytes never reached the disk; the machine then booted again.
        var folder = Path.Combine(temp.Path, ".rupload-uploads", id);
        using (var file = File.OpenHandle(Path.Combine(folder, "object.data"), FileMode.Open, FileAccess.Write))
        {
            RandomAccess.Write(file, new byte[DirectWrites.Alignment], Stride + DirectWrites.Alignment);
        }

        File.WriteAllText(Path.Combine(folder, "boot"), "an-earlier-boot");

        Assert.Equal([1, 3], (await target.ListPartsAsync(location, id).ToListAsync()).Select(p => p.PartNumber));
        Assert.NotEqual("an-earlier-boot", File.ReadAllText(Path.Combine(folder, "boot")));
    }

    [Fact]
    public async Task ListPartsAsync_SameBoot_DoesNotReadPartsBack()
    {
        var id = await target.InitiateAsync(location, ObjectProperties.Empty, ChecksumAlgorithm.Crc64Nvme);
        await UploadAsync(id, 1);
        var folder = Path.Combine(temp.Path, ".rupload-uploads", id);
        using (var file = File.OpenHandle(Path.Combine(folder, "object.data"), FileMode.Open, FileAccess.Write))
        {
            RandomAccess.Write(file, new byte[DirectWrites.Alignment], 0);
        }

        // A killed process loses nothing the kernel took: within the boot the marker stands (and complete's CRC decides).
        Assert.Equal([1], (await target.ListPartsAsync(location, id).ToListAsync()).Select(p => p.PartNumber));
    }

    public void Dispose() => temp.Dispose();

    private static PartChecksums Sums(byte[] bytes) => new(ChecksumAlgorithm.Crc64Nvme, Crc.Compute(ChecksumAlgorithm.Crc64Nvme, bytes), ReadOnlyMemory<byte>.Empty);

    private async Task<PartRecord> UploadAsync(string id, int number)
    {
        var offset = (number - 1) * Stride;
        var bytes = data.AsSpan(offset, Math.Min(Stride, data.Length - offset)).ToArray();
        var request = new PartUploadRequest(location, id, number, bytes.Length, Sums(bytes), () => new MemoryStream(bytes)) { ObjectOffset = offset };
        var part = await target.UploadPartAsync(request);
        return new PartRecord(number, offset, bytes.Length, part.ETag, Crc.Compute(ChecksumAlgorithm.Crc64Nvme, bytes));
    }
}
