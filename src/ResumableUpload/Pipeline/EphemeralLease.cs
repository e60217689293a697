namespace ResumableUpload.Pipeline;

/// <summary>The lease used when no checkpoint store is configured: nothing survives the process (as OSS without a checkpoint directory).</summary>
internal sealed class EphemeralLease(CheckpointKey key) : ICheckpointLease
{
    public CheckpointKey Key => key;

    public Task<UploadCheckpoint?> LoadAsync(CancellationToken cancellationToken = default) => Task.FromResult<UploadCheckpoint?>(null);

    public Task CreateAsync(CheckpointHeader header, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public ValueTask CommitPartAsync(PartRecord part, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public Task EnsureHeldAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task DeleteAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
