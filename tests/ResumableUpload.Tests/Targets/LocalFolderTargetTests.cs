using ResumableUpload.TestSupport;

namespace ResumableUpload.Tests.Targets;

public class LocalFolderTargetTests : IDisposable
{
    private readonly TempDirectory temp = new();

    [Theory]
    [InlineData("../escape.bin")]
    [InlineData("a/../../escape.bin")]
    [InlineData("/etc/passwd")]
    [InlineData("a//b")]
    [InlineData("dir/")]
    [InlineData(".rupload-uploads/x")]
    public async Task InitiateAsync_KeyEscapingRoot_IsRejected(string key)
    {
        var target = new LocalFolderTarget(temp.Path);
        var ex = await Assert.ThrowsAsync<TargetException>(() => target.InitiateAsync(new ObjectLocation(string.Empty, key), ObjectProperties.Empty, ChecksumAlgorithm.Crc64Xz));
        Assert.Equal(TargetErrorKind.InvalidRequest, ex.Kind);
    }

    [Fact]
    public async Task UploadPartAsync_WrongCrc_IsRejectedAsChecksumMismatch()
    {
        var target = new LocalFolderTarget(temp.Path);
        var location = new ObjectLocation(string.Empty, "o.bin");
        var id = await target.InitiateAsync(location, ObjectProperties.Empty, ChecksumAlgorithm.Crc64Xz);
        var bytes = TestData.RandomBytes(1000);
        var wrong = new PartChecksums(ChecksumAlgorithm.Crc64Xz, 12345, ReadOnlyMemory<byte>.Empty);
        var ex = await Assert.ThrowsAsync<TargetException>(() => target.UploadPartAsync(new PartUploadRequest(location, id, 1, bytes.Length, wrong, () => new MemoryStream(bytes))));
        Assert.Equal(TargetErrorKind.ChecksumMismatch, ex.Kind);
        Assert.Empty(await target.ListPartsAsync(location, id).ToListAsync());
    }

    [Fact]
    public async Task InitiateAsync_StagingLeftByKilledProcesses_IsRemovedAndLiveUploadsKept()
    {
        // Found by the crash matrix (file:local): a process killed while an upload folder was being created (before its
        // manifest) or deleted (after its manifest) left a staging folder no listing shows, so nothing ever removed it.
        // The next initiate removes what such kills leave; uploads in progress stay.
        var target = new LocalFolderTarget(temp.Path);
        var location = new ObjectLocation(string.Empty, "o.bin");
        var live = await target.InitiateAsync(location, ObjectProperties.Empty, ChecksumAlgorithm.Crc64Xz);
        var staging = Path.Combine(temp.Path, ".rupload-uploads");
        Directory.CreateDirectory(Path.Combine(staging, Guid.NewGuid().ToString("N")));
        var halfDeleted = Directory.CreateDirectory(Path.Combine(staging, Guid.NewGuid().ToString("N"))).FullName;
        File.WriteAllBytes(Path.Combine(halfDeleted, "00002-0000000000000001.part"), new byte[1000]);

        // The same two moments as this target now lays them out: a folder still being prepared, one being deleted.
        foreach (var suffix in new[] { ".new", ".gone" })
        {
            var folder = Directory.CreateDirectory(Path.Combine(staging, Guid.NewGuid().ToString("N") + suffix)).FullName;
            File.Copy(Path.Combine(staging, live, "upload.json"), Path.Combine(folder, "upload.json"));
        }

        var next = await target.InitiateAsync(location, ObjectProperties.Empty, ChecksumAlgorithm.Crc64Xz);

        string[] expected = [.. new[] { live, next }.Order(StringComparer.Ordinal)];
        Assert.Equal(expected, Directory.GetDirectories(staging).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(expected, (await target.ListUploadsAsync(string.Empty, string.Empty).ToListAsync()).Select(u => u.UploadId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task PutAsync_TempFileOfAKilledPut_IsRemovedByTheNextPutOfThatObject()
    {
        // Found by the crash matrix (sqlite:local, an empty file): a process killed during a single-request put left its
        // temporary file hidden next to the object, under a name nothing ever looked for again.
        var target = new LocalFolderTarget(temp.Path);
        var location = new ObjectLocation(string.Empty, "sub/o.bin");
        var bytes = TestData.RandomBytes(5000, 3);
        var sums = new PartChecksums(ChecksumAlgorithm.Crc64Xz, ResumableUpload.Hashing.Crc.Compute(ChecksumAlgorithm.Crc64Xz, bytes), ReadOnlyMemory<byte>.Empty);

        // The put's temporary file, seen while it is written; then the put fails (as a killed one would stop).
        string[] during = [];
        var failing = new ObservingStream(bytes, () => during = [.. Directory.GetFiles(temp.Path, "*.rupload-tmp", SearchOption.AllDirectories)]);
        await Assert.ThrowsAnyAsync<Exception>(() => target.PutAsync(location, failing, bytes.Length, sums, ObjectProperties.Empty));
        var left = Assert.Single(during);
        Assert.NotEqual(Path.Combine(temp.Path, "sub"), Path.GetDirectoryName(left));

        // A kill runs no cleanup: the file stays. The next put of the object removes it.
        File.WriteAllBytes(left, bytes.AsSpan(0, 100).ToArray());
        await target.PutAsync(location, new MemoryStream(bytes), bytes.Length, sums, ObjectProperties.Empty);
        Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(temp.Path, "sub", "o.bin")));
        Assert.Empty(Directory.GetFiles(temp.Path, "*.rupload-tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task CompleteAsync_AssemblesInOrderAtomicallyAndRemovesStaging()
    {
        var target = new LocalFolderTarget(temp.Path);
        var location = new ObjectLocation(string.Empty, "sub/dir/o.bin");
        var id = await target.InitiateAsync(location, new ObjectProperties { ContentType = "application/x-test", Metadata = new Dictionary<string, string> { ["k"] = "v" } }, ChecksumAlgorithm.Crc64Nvme);
        var data = TestData.RandomBytes(250_000, 4);
        var records = new List<PartRecord>();
        foreach (var (n, offset, length) in new[] { (2, 120_000, 120_000), (1, 0, 120_000), (3, 240_000, 10_000) })
        {
            var slice = data.AsMemory(offset, length);
            var sums = new PartChecksums(ChecksumAlgorithm.Crc64Nvme, ResumableUpload.Hashing.Crc.Compute(ChecksumAlgorithm.Crc64Nvme, slice.Span), ReadOnlyMemory<byte>.Empty);
            var part = await target.UploadPartAsync(new PartUploadRequest(location, id, n, length, sums, () => new MemoryStream(slice.ToArray())));
            records.Add(new PartRecord(n, offset, length, part.ETag, sums.Crc));
        }

        Assert.Equal([1, 2, 3], (await target.ListPartsAsync(location, id).ToListAsync()).Select(p => p.PartNumber));
        records.Sort((a, b) => a.PartNumber.CompareTo(b.PartNumber));
        var whole = ResumableUpload.Hashing.Crc.Compute(ChecksumAlgorithm.Crc64Nvme, data);
        var done = await target.CompleteAsync(location, id, records, new PartChecksums(ChecksumAlgorithm.Crc64Nvme, whole, ReadOnlyMemory<byte>.Empty));
        Assert.Equal(whole, done.Crc);
        Assert.Equal(data, File.ReadAllBytes(Path.Combine(temp.Path, "sub", "dir", "o.bin")));
        Assert.Equal("application/x-test", target.GetProperties(location)!.ContentType);
        Assert.Empty(await target.ListUploadsAsync(string.Empty, string.Empty).ToListAsync());
        Assert.Empty(Directory.GetFiles(Path.Combine(temp.Path, "sub", "dir"), "*.rupload-tmp"));
    }

    [Fact]
    public async Task CompleteAsync_WrongWholeObjectCrc_LeavesNoObject()
    {
        var target = new LocalFolderTarget(temp.Path);
        var location = new ObjectLocation(string.Empty, "o.bin");
        var id = await target.InitiateAsync(location, ObjectProperties.Empty, ChecksumAlgorithm.Crc64Xz);
        var data = TestData.RandomBytes(1000);
        var sums = new PartChecksums(ChecksumAlgorithm.Crc64Xz, ResumableUpload.Hashing.Crc.Compute(ChecksumAlgorithm.Crc64Xz, data), ReadOnlyMemory<byte>.Empty);
        var part = await target.UploadPartAsync(new PartUploadRequest(location, id, 1, data.Length, sums, () => new MemoryStream(data)));
        var ex = await Assert.ThrowsAsync<TargetException>(() => target.CompleteAsync(location, id, [new PartRecord(1, 0, data.Length, part.ETag, sums.Crc)], sums with { Crc = sums.Crc ^ 1 }));
        Assert.Equal(TargetErrorKind.ChecksumMismatch, ex.Kind);
        Assert.False(File.Exists(Path.Combine(temp.Path, "o.bin")));
    }

    [Fact]
    public async Task AbortAsync_RemovesUploadAndSecondAbortReportsNotFound()
    {
        var target = new LocalFolderTarget(temp.Path);
        var location = new ObjectLocation(string.Empty, "o.bin");
        var id = await target.InitiateAsync(location, ObjectProperties.Empty, ChecksumAlgorithm.Crc64Xz);
        Assert.Single(await target.ListUploadsAsync(string.Empty, "o").ToListAsync());
        await target.AbortAsync(location, id);
        Assert.Empty(await target.ListUploadsAsync(string.Empty, string.Empty).ToListAsync());
        var ex = await Assert.ThrowsAsync<TargetException>(() => target.AbortAsync(location, id));
        Assert.Equal(TargetErrorKind.UploadNotFound, ex.Kind);
    }

    public void Dispose() => temp.Dispose();

    /// <summary>Serves the first half of the bytes, calls back, then fails: a put that stops half way.</summary>
    private sealed class ObservingStream(byte[] bytes, Action midway) : MemoryStream(bytes, writable: false)
    {
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (Position >= Length / 2)
            {
                midway();
                throw new IOException("the connection broke");
            }

            return base.Read(buffer, offset, (int)Math.Min(count, (Length / 2) - Position));
        }

        public override int Read(Span<byte> buffer)
        {
            var array = new byte[buffer.Length];
            var n = Read(array, 0, array.Length);
            array.AsSpan(0, n).CopyTo(buffer);
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));
    }
}
