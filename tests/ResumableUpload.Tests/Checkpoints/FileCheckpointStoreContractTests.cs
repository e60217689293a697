using ResumableUpload.Testing;
using ResumableUpload.TestSupport;

namespace ResumableUpload.Tests.Checkpoints;

/// <summary>The contract suite against the file store: leases are OS file locks, released when the process dies.</summary>
public sealed class FileCheckpointStoreContractTests : CheckpointStoreContractTests
{
    private readonly TempDirectory directory = new();

    protected override bool LeasesExpire => false;

    protected override Task<ICheckpointStore> CreateStoreAsync()
        => Task.FromResult<ICheckpointStore>(new FileCheckpointStore(directory.Path));

    protected override async Task CorruptCheckpointAsync(CheckpointKey key)
    {
        // Flip a byte inside the header record: its CRC-32C no longer matches.
        var path = Path.Combine(directory.Path, key.Value + ".ckpt");
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[20] ^= 0xFF;
        await File.WriteAllBytesAsync(path, bytes);
    }

    // A killed process loses its file descriptors, and with them the flock; the checkpoint file stays.
    protected override async Task SimulateHolderDeathAsync(ICheckpointLease lease) => await lease.DisposeAsync();

    protected override Task CleanupAsync()
    {
        directory.Dispose();
        return Task.CompletedTask;
    }
}
