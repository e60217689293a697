namespace ResumableUpload.Stores.Tests.InMemory;

/// <summary>The lease of the example store. The lease object itself is the holder's identity in the storage.</summary>
internal sealed class InMemoryCheckpointLease(InMemoryCheckpointStorage storage, CheckpointKey key) : ICheckpointLease
{
    private bool released;

    public CheckpointKey Key => key;

    public Task<UploadCheckpoint?> LoadAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(released, this);
        return Task.FromResult(storage.Read(key) is { } records ? InMemoryCheckpointStore.Decode(records.Header, records.Parts) : null);
    }

    public Task CreateAsync(CheckpointHeader header, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(released, this);
        storage.Replace(key, this, CheckpointCodec.EncodeHeader(header));
        return Task.CompletedTask;
    }

    public ValueTask CommitPartAsync(PartRecord part, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(released, this);
        storage.Put(key, this, part.PartNumber, CheckpointCodec.EncodePart(part));
        return ValueTask.CompletedTask;
    }

    public Task EnsureHeldAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(released, this);
        storage.EnsureHolder(key, this);
        return Task.CompletedTask;
    }

    public Task DeleteAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(released, this);
        storage.Remove(key, this);
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        released = true;
        storage.ReleaseLease(key, this);
        return ValueTask.CompletedTask;
    }
}
