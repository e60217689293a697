using ResumableUpload.TestSupport;

namespace ResumableUpload.Tests.Checkpoints;

public class FileCheckpointStoreTests : IDisposable
{
    private readonly TempDirectory temp = new();

    [Fact]
    public async Task AcquireAsync_SecondStoreInstance_ThrowsLockedAtOnce()
    {
        var key = new CheckpointKey(new string('a', 32));
        await using var first = await new FileCheckpointStore(temp.Path).AcquireAsync(key);
        await Assert.ThrowsAsync<CheckpointLockedException>(() => new FileCheckpointStore(temp.Path).AcquireAsync(key));
    }

    [Fact]
    public async Task AcquireAsync_AfterRelease_Succeeds()
    {
        var key = new CheckpointKey(new string('b', 32));
        var first = await new FileCheckpointStore(temp.Path).AcquireAsync(key);
        await first.DisposeAsync();
        await using var second = await new FileCheckpointStore(temp.Path).AcquireAsync(key);
        Assert.Null(await second.LoadAsync());
    }

    [Theory]
    [InlineData("../../outside0000000000000000000")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("short")]
    public async Task AcquireAndMayHold_NotACheckpointKey_ArgumentExceptionAndNothingWritten(string value)
    {
        var store = new FileCheckpointStore(temp.SubDirectory(Path.Combine("a", "b", "store"))); // "../../" stays inside temp
        var key = new CheckpointKey(value);

        var acquire = await Assert.ThrowsAsync<ArgumentException>(() => store.AcquireAsync(key));
        await Assert.ThrowsAsync<ArgumentException>(async () => await store.MayHoldAsync(key));

        Assert.Contains("is not a checkpoint key", acquire.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(temp.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task MayHoldAsync_NeverUsedOrReleasedWithoutCheckpoint_False()
    {
        var store = new FileCheckpointStore(temp.Path);
        var key = new CheckpointKey(new string('e', 32));
        Assert.False(await store.MayHoldAsync(key));

        await (await store.AcquireAsync(key)).DisposeAsync();

        Assert.False(await store.MayHoldAsync(key)); // the released lease left no lock file behind
        Assert.Empty(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public async Task MayHoldAsync_CheckpointDeletedButLeaseHeld_True()
    {
        var store = new FileCheckpointStore(temp.Path);
        var key = new CheckpointKey(new string('f', 32));
        await using var lease = await store.AcquireAsync(key);
        await lease.CreateAsync(CheckpointSamples.Header());
        await lease.DeleteAsync();

        Assert.True(await new FileCheckpointStore(temp.Path).MayHoldAsync(key));
    }

    [Fact]
    public async Task MayHoldAsync_MissingDirectory_ThrowsDirectoryNotFoundAsAcquireDoes()
    {
        var missing = temp.File("nope");
        var ex = await Assert.ThrowsAsync<DirectoryNotFoundException>(async () => await new FileCheckpointStore(missing).MayHoldAsync(new CheckpointKey(new string('c', 32))));
        Assert.Contains(missing, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcquireAsync_MissingDirectory_ThrowsDirectoryNotFoundNamingIt()
    {
        var missing = temp.File("nope");
        var ex = await Assert.ThrowsAsync<DirectoryNotFoundException>(() => new FileCheckpointStore(missing).AcquireAsync(new CheckpointKey(new string('c', 32))));
        Assert.Contains(missing, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_TornTail_LosesOnlyTheTornPartAndKeepsAppending()
    {
        var store = new FileCheckpointStore(temp.Path);
        var key = new CheckpointKey(new string('d', 32));
        await using (var lease = await store.AcquireAsync(key))
        {
            await lease.CreateAsync(CheckpointSamples.Header());
            for (var n = 1; n <= 3; n++)
            {
                await lease.CommitPartAsync(CheckpointSamples.Part(n));
            }
        }

        var path = Path.Combine(temp.Path, key.Value + ".ckpt");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^5]); // tear the last record

        await using (var lease = await store.AcquireAsync(key))
        {
            var loaded = await lease.LoadAsync();
            Assert.Equal([1, 2], loaded!.Parts.Select(p => p.PartNumber));
            await lease.CommitPartAsync(CheckpointSamples.Part(3));
            await lease.CommitPartAsync(CheckpointSamples.Part(4));
        }

        await using (var lease = await store.AcquireAsync(key))
        {
            Assert.Equal([1, 2, 3, 4], (await lease.LoadAsync())!.Parts.Select(p => p.PartNumber));
        }
    }

    [Fact]
    public async Task LoadAsync_DamagedHeader_ThrowsCorrupt()
    {
        var store = new FileCheckpointStore(temp.Path);
        var key = new CheckpointKey(new string('e', 32));
        await using (var lease = await store.AcquireAsync(key))
        {
            await lease.CreateAsync(CheckpointSamples.Header());
        }

        var path = Path.Combine(temp.Path, key.Value + ".ckpt");
        var bytes = File.ReadAllBytes(path);
        bytes[20] ^= 0x40;
        File.WriteAllBytes(path, bytes);
        await using var again = await store.AcquireAsync(key);
        await Assert.ThrowsAsync<CheckpointCorruptException>(() => again.LoadAsync());
        var listed = await store.ListAsync().ToListAsync();
        Assert.NotNull(Assert.Single(listed).Problem);
    }

    [Fact]
    public async Task CreateAsync_File_IsOwnerOnly()
    {
        var store = new FileCheckpointStore(temp.Path);
        var key = new CheckpointKey(new string('f', 32));
        await using var lease = await store.AcquireAsync(key);
        await lease.CreateAsync(CheckpointSamples.Header());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(temp.Path, key.Value + ".ckpt")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(temp.Path, key.Value + ".lock")));
    }

    [Fact]
    public async Task DeleteAsync_RemovesCheckpointAndLockFile()
    {
        var store = new FileCheckpointStore(temp.Path);
        var key = new CheckpointKey(new string('9', 32));
        await using (var lease = await store.AcquireAsync(key))
        {
            await lease.CreateAsync(CheckpointSamples.Header());
            await lease.DeleteAsync();
        }

        Assert.Empty(Directory.GetFiles(temp.Path));
    }

    public void Dispose() => temp.Dispose();
}
