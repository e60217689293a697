using ResumableUpload.Orleans.Grains;

namespace ResumableUpload.Orleans.Worker;

/// <summary>
/// The engine's lease for one leased part range: each part the engine's committer records goes to the job grain with
/// the item's epoch. A stale epoch (or a stopped job) is a lost lease, so the engine stops as it does when a
/// single-host lease is taken over: the worker can neither record nor, through <see cref="EnsureHeldAsync"/>, go on.
/// </summary>
internal sealed class GrainPartLease(IUploadJobGrain job, WorkLease lease, CheckpointKey key) : ICheckpointLease
{
    public CheckpointKey Key => key;

    public async ValueTask CommitPartAsync(PartRecord part, CancellationToken cancellationToken = default)
    {
        var entry = PartEntry.From(part);
        var outcome = await GrainCalls.UntilReachableAsync(() => job.RecordPartAsync(lease.ItemId, lease.Epoch, entry), cancellationToken).ConfigureAwait(false);
        ThrowIfRefused(outcome);
    }

    public async Task EnsureHeldAsync(CancellationToken cancellationToken = default)
        => ThrowIfRefused(await GrainCalls.UntilReachableAsync(() => job.RenewAsync(lease.ItemId, lease.Epoch), cancellationToken).ConfigureAwait(false));

    // The grain owns the plan and the records: the engine's part graph only commits parts through this lease.
    public Task<UploadCheckpoint?> LoadAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task CreateAsync(CheckpointHeader header, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task DeleteAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private void ThrowIfRefused(RecordOutcome outcome)
    {
        if (outcome != RecordOutcome.Recorded)
        {
            throw new CheckpointLockedException(outcome == RecordOutcome.StaleEpoch
                ? $"Work item {lease.ItemId} of job {lease.JobId} was leased to another worker (epoch {lease.Epoch} is stale)."
                : $"Job {lease.JobId} is no longer running.");
        }
    }
}
