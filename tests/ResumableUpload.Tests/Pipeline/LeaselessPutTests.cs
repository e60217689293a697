namespace ResumableUpload.Tests.Pipeline;

/// <summary>
/// A file sent in one request goes without the checkpoint lease when the store holds nothing for it (DECISIONS 45),
/// and takes it as before when the store does: a live holder still locks it out, an earlier multipart upload of the
/// same file is still aborted.
/// </summary>
public class LeaselessPutTests : IDisposable
{
    private const long P = UploaderFixture.PartSize;
    private readonly UploaderFixture f = new();

    [Fact]
    public async Task UploadAsync_OnePartNothingStored_TakesNoLeaseAndLeavesNoFile()
    {
        var store = new CountingStore(f.Store);
        var small = f.Temp.RandomFile("small", P);
        var big = f.Temp.RandomFile("big", 3 * P);
        var uploader = new ResumableUploader(f.Target, store, UploaderFixture.FastOptions());

        await uploader.UploadAsync(UploaderFixture.Request(small, "small"));
        Assert.Equal(0, store.Acquired);
        await uploader.UploadAsync(UploaderFixture.Request(big, "big"));
        Assert.Equal(1, store.Acquired);

        Assert.Equal(File.ReadAllBytes(small), f.Target.GetObject(new ObjectLocation("b", "small")));
        Assert.Equal(File.ReadAllBytes(big), f.Target.GetObject(new ObjectLocation("b", "big")));
        Assert.Empty(Directory.GetFiles(f.Checkpoints));
    }

    [Fact]
    public async Task UploadAsync_OnePartWhileAnotherHoldsItsLease_GetsLocked()
    {
        var path = Path.GetFullPath(f.Temp.RandomFile("small", P / 2));
        var key = CheckpointKey.For(path, f.Target.Identity, new ObjectLocation("b", "obj.bin"));
        await using var held = await new FileCheckpointStore(f.Checkpoints).AcquireAsync(key);

        await Assert.ThrowsAsync<CheckpointLockedException>(() => f.Uploader().UploadAsync(UploaderFixture.Request(path)));
        Assert.Null(f.Target.GetObject(new ObjectLocation("b", "obj.bin")));
    }

    [Fact]
    public async Task UploadAsync_FileShrankToOnePartAfterInterruptedRun_AbortsOldUploadAndPutsNewBytes()
    {
        var path = f.Temp.RandomFile("src", 10 * P);
        f.Target.Faults.FailPart(4, times: 100, TargetErrorKind.AccessDenied);
        await Assert.ThrowsAsync<TargetException>(() => f.Uploader().UploadAsync(UploaderFixture.Request(path)));
        var old = Assert.Single(f.Target.PendingUploadIds);
        Assert.Equal(1, f.CheckpointFiles);
        var store = new CountingStore(f.Store);
        File.WriteAllBytes(path, [1, 2, 3]);

        await new ResumableUploader(f.Target, store, UploaderFixture.FastOptions()).UploadAsync(UploaderFixture.Request(path));

        Assert.Equal(1, store.Acquired); // the stored checkpoint made it take the lease
        Assert.DoesNotContain(old, f.Target.PendingUploadIds);
        Assert.Equal(0, f.CheckpointFiles);
        Assert.Equal([1, 2, 3], f.Target.GetObject(new ObjectLocation("b", "obj.bin")));
    }

    public void Dispose() => f.Dispose();

    /// <summary>The file store itself, counting the leases taken through it.</summary>
    private sealed class CountingStore(ICheckpointStore inner) : ICheckpointStore
    {
        private int acquired;

        public int Acquired => Volatile.Read(ref acquired);

        public Task<ICheckpointLease> AcquireAsync(CheckpointKey key, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref acquired);
            return inner.AcquireAsync(key, cancellationToken);
        }

        public ValueTask<bool> MayHoldAsync(CheckpointKey key, CancellationToken cancellationToken = default) => inner.MayHoldAsync(key, cancellationToken);

        public IAsyncEnumerable<CheckpointEntry> ListAsync(CancellationToken cancellationToken = default) => inner.ListAsync(cancellationToken);
    }
}
