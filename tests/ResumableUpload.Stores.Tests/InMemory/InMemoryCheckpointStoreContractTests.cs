using ResumableUpload.Stores.Tests.InMemory;
using ResumableUpload.Testing;

namespace ResumableUpload.Stores.Tests.InMemory;

/// <summary>The contract suite against the example custom store: what a store author writes to test theirs.</summary>
public sealed class InMemoryCheckpointStoreContractTests : CheckpointStoreContractTests
{
    // Every store instance of a test shares this storage, as processes share a disk or a server.
    private readonly InMemoryCheckpointStorage storage = new();

    protected override bool LeasesExpire => false;

    protected override Task<ICheckpointStore> CreateStoreAsync()
        => Task.FromResult<ICheckpointStore>(new InMemoryCheckpointStore(storage));

    protected override Task CorruptCheckpointAsync(CheckpointKey key)
    {
        storage.Corrupt(key);
        return Task.CompletedTask;
    }

    protected override Task SimulateHolderDeathAsync(ICheckpointLease lease)
    {
        storage.ForgetLease(lease.Key);
        return Task.CompletedTask;
    }
}
