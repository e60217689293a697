using System.Diagnostics;

namespace ResumableUpload.Benchmarks;

/// <summary>
/// Wraps a checkpoint store and times, in the order they happen, every part commit of every lease it hands out. The
/// engine deletes a checkpoint when its upload succeeds; just before the delete this wrapper loads it through the same
/// lease (the last checkpoint written, every part recorded) and times that load, and asks <paramref name="measureSize"/>
/// for its size while it still exists.
/// </summary>
internal sealed class TimedCheckpointStore(ICheckpointStore inner, Func<CheckpointKey, Task<long>> measureSize) : ICheckpointStore
{
    private readonly List<long> commitTicks = new(10_000);

    private Func<CheckpointKey, Task<long>> MeasureSize { get; } = measureSize;

    private readonly List<(long At, long Bytes)> commitEnds = new(10_000);

    /// <summary>Gets each part commit's time in <see cref="Stopwatch"/> ticks, in commit order.</summary>
    public IReadOnlyList<long> CommitTicks => commitTicks;

    /// <summary>Gets when each part commit ended (a <see cref="Stopwatch"/> timestamp) and the part's length.</summary>
    public IReadOnlyList<(long At, long Bytes)> CommitEnds => commitEnds;

    /// <summary>Gets the times of the loads of the final checkpoint, in <see cref="Stopwatch"/> ticks (first one first).</summary>
    public List<long> LoadTicks { get; } = [];

    /// <summary>Gets the number of parts in the final checkpoint, as loaded.</summary>
    public int LoadedParts { get; private set; }

    /// <summary>Gets the final checkpoint's size in bytes, as the size function saw it.</summary>
    public long CheckpointBytes { get; private set; }

    public async Task<ICheckpointLease> AcquireAsync(CheckpointKey key, CancellationToken cancellationToken = default)
        => new TimedLease(await inner.AcquireAsync(key, cancellationToken).ConfigureAwait(false), this);

    public IAsyncEnumerable<CheckpointEntry> ListAsync(CancellationToken cancellationToken = default) => inner.ListAsync(cancellationToken);

    private sealed class TimedLease(ICheckpointLease lease, TimedCheckpointStore owner) : ICheckpointLease
    {
        public CheckpointKey Key => lease.Key;

        public Task<UploadCheckpoint?> LoadAsync(CancellationToken cancellationToken = default) => lease.LoadAsync(cancellationToken);

        public Task CreateAsync(CheckpointHeader header, CancellationToken cancellationToken = default) => lease.CreateAsync(header, cancellationToken);

        public async ValueTask CommitPartAsync(PartRecord part, CancellationToken cancellationToken = default)
        {
            var start = Stopwatch.GetTimestamp();
            await lease.CommitPartAsync(part, cancellationToken).ConfigureAwait(false);
            var end = Stopwatch.GetTimestamp();
            owner.commitTicks.Add(end - start); // one committer per upload: no lock needed
            owner.commitEnds.Add((end, part.Length));
        }

        public Task EnsureHeldAsync(CancellationToken cancellationToken = default) => lease.EnsureHeldAsync(cancellationToken);

        public async Task DeleteAsync(CancellationToken cancellationToken = default)
        {
            owner.CheckpointBytes = await owner.MeasureSize(lease.Key).ConfigureAwait(false);
            for (var i = 0; i < 5; i++)
            {
                var start = Stopwatch.GetTimestamp();
                var checkpoint = await lease.LoadAsync(cancellationToken).ConfigureAwait(false);
                owner.LoadTicks.Add(Stopwatch.GetTimestamp() - start);
                owner.LoadedParts = checkpoint?.Parts.Count ?? -1;
            }

            await lease.DeleteAsync(cancellationToken).ConfigureAwait(false);
        }

        public ValueTask DisposeAsync() => lease.DisposeAsync();
    }
}
