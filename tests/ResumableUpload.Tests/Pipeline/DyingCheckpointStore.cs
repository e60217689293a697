namespace ResumableUpload.Tests.Pipeline;

/// <summary>
/// A store whose process "dies" at the moment it would record an upload id: that write never completes, nothing it
/// holds is released by it (a killed process runs no cleanup), and <see cref="ReleaseAsLikeTheOs"/> then frees the
/// lock as the OS does when a process dies. Everything written before that moment is really in the inner store.
/// </summary>
internal sealed class DyingCheckpointStore(ICheckpointStore inner) : ICheckpointStore
{
    private readonly TaskCompletionSource died = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ICheckpointLease? held;

    /// <summary>Gets a task that completes when the "process" has died.</summary>
    public Task Died => died.Task;

    public async Task<ICheckpointLease> AcquireAsync(CheckpointKey key, CancellationToken cancellationToken = default)
    {
        held = await inner.AcquireAsync(key, cancellationToken);
        return new DyingLease(held, died);
    }

    public IAsyncEnumerable<CheckpointEntry> ListAsync(CancellationToken cancellationToken = default) => inner.ListAsync(cancellationToken);

    public ValueTask ReleaseAsLikeTheOs() => held?.DisposeAsync() ?? ValueTask.CompletedTask;

    private sealed class DyingLease(ICheckpointLease inner, TaskCompletionSource died) : ICheckpointLease
    {
        public CheckpointKey Key => inner.Key;

        public Task<UploadCheckpoint?> LoadAsync(CancellationToken cancellationToken = default) => inner.LoadAsync(cancellationToken);

        public Task CreateAsync(CheckpointHeader header, CancellationToken cancellationToken = default)
        {
            if (header.UploadId.Length == 0)
            {
                return inner.CreateAsync(header, cancellationToken);
            }

            died.TrySetResult();
            return new TaskCompletionSource().Task; // never returns: the process is gone
        }

        public ValueTask CommitPartAsync(PartRecord part, CancellationToken cancellationToken = default) => inner.CommitPartAsync(part, cancellationToken);

        public Task DeleteAsync(CancellationToken cancellationToken = default) => inner.DeleteAsync(cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
