using Microsoft.Extensions.Logging.Abstractions;
using ResumableUpload.Cleanup;
using ResumableUpload.Testing;

namespace ResumableUpload.Tests.Cleanup;

/// <summary>The one component that aborts and cleans up: gone counts as done, by key means exactly the key, and nothing happens without the lease.</summary>
public class UploadCleanupTests
{
    private static readonly ObjectLocation Key = new("b", "k");
    private readonly InMemoryMultipartTarget target = new();
    private readonly UploadCleanup cleanup;

    public UploadCleanupTests() => cleanup = new UploadCleanup(target, NullLogger.Instance);

    [Fact]
    public async Task TryAbortAsync_UploadThenGone_TrueThenFalse()
    {
        var id = await target.InitiateAsync(Key, ObjectProperties.Empty, ChecksumAlgorithm.Crc64Nvme);
        Assert.True(await cleanup.TryAbortAsync(Key, id, CancellationToken.None));
        Assert.False(await cleanup.TryAbortAsync(Key, id, CancellationToken.None));
        Assert.Empty(target.PendingUploadIds);
    }

    [Fact]
    public async Task AbortAsync_EveryForKey_AbortsExactlyThatKey()
    {
        await target.InitiateAsync(Key, ObjectProperties.Empty, ChecksumAlgorithm.Crc64Nvme);
        await target.InitiateAsync(Key, ObjectProperties.Empty, ChecksumAlgorithm.Crc64Nvme);
        var other = await target.InitiateAsync(new ObjectLocation("b", "k2"), ObjectProperties.Empty, ChecksumAlgorithm.Crc64Nvme);
        await cleanup.AbortAsync(UploadsToAbort.AllFor(Key), CancellationToken.None);
        Assert.Equal([other], target.PendingUploadIds);
    }

    [Fact]
    public async Task DiscardCheckpointAsync_LeaseHeld_AbortsThenDeletes()
    {
        var id = await target.InitiateAsync(Key, ObjectProperties.Empty, ChecksumAlgorithm.Crc64Nvme);
        var lease = new FakeLease(held: true);
        await cleanup.DiscardCheckpointAsync(lease, UploadsToAbort.One(Key, id), CancellationToken.None);
        Assert.Empty(target.PendingUploadIds);
        Assert.True(lease.Deleted);
    }

    [Fact]
    public async Task DiscardCheckpointAsync_LeaseLost_AbortsAndDeletesNothing()
    {
        var id = await target.InitiateAsync(Key, ObjectProperties.Empty, ChecksumAlgorithm.Crc64Nvme);
        var lease = new FakeLease(held: false);
        await Assert.ThrowsAsync<CheckpointLockedException>(() => cleanup.DiscardCheckpointAsync(lease, UploadsToAbort.One(Key, id), CancellationToken.None));
        Assert.Equal([id], target.PendingUploadIds);
        Assert.False(lease.Deleted);
    }

    private sealed class FakeLease(bool held) : ICheckpointLease
    {
        public bool Deleted { get; private set; }

        public CheckpointKey Key { get; } = new("00000000000000000000000000000000");

        public Task<UploadCheckpoint?> LoadAsync(CancellationToken cancellationToken = default) => Task.FromResult<UploadCheckpoint?>(null);

        public Task CreateAsync(CheckpointHeader header, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public ValueTask CommitPartAsync(PartRecord part, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public Task EnsureHeldAsync(CancellationToken cancellationToken = default)
            => held ? Task.CompletedTask : Task.FromException(new CheckpointLockedException("taken over"));

        public Task DeleteAsync(CancellationToken cancellationToken = default)
        {
            Deleted = true;
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
