using System.Collections.Concurrent;
using ResumableUpload.Engine;
using ResumableUpload.Orleans.Grains;
using ResumableUpload.Orleans.Planning;

namespace ResumableUpload.Orleans.Worker;

/// <summary>
/// Does one leased work item with the silo's engine: checks each file against the job's fingerprint (refusing a
/// mismatch), sends the small files as single puts or the part range through the engine's part graph, records each
/// through the job grain with the item's epoch, checks the file did not change while it was read, then finishes the item.
/// </summary>
internal sealed class WorkItemRunner(IGrainFactory grains, UploadWorkerRuntime runtime)
{
    // Fingerprints this worker has read and found equal: a file's later ranges skip re-reading its first part.
    private const int MaxVerified = 10_000;
    private readonly ConcurrentDictionary<FileSpec, bool> verified = new();

    /// <exception cref="CheckpointLockedException">The item's epoch is stale or the job stopped: drop the item.</exception>
    public async Task RunAsync(WorkLease lease, CancellationToken cancellationToken)
    {
        var job = grains.GetGrain<IUploadJobGrain>(lease.JobId);
        foreach (var file in lease.Files)
        {
            var mismatch = await CheckSourceAsync(file.Spec, cancellationToken).ConfigureAwait(false);
            if (mismatch is null)
            {
                try
                {
                    await (file.PartCount == 0 ? PutAsync(job, lease, file, cancellationToken) : SendPartsAsync(job, lease, file, [.. file.PartsToSend], cancellationToken)).ConfigureAwait(false);
                    mismatch = SourceFingerprint.DescribeStatMismatch(file.Spec);
                }
                catch (Exception ex) when (ex is SourceChangedException or FileNotFoundException)
                {
                    mismatch = ex.Message;
                }
            }

            if (mismatch is not null)
            {
                ThrowIfRefused(lease, await job.FailAsync(lease.ItemId, lease.Epoch, file.FileIndex, $"the source does not match the job: {mismatch}").ConfigureAwait(false));
            }
        }

        var finished = await job.FinishItemAsync(lease.ItemId, lease.Epoch).ConfigureAwait(false);
        if (finished != RecordOutcome.JobStopped)
        {
            // A job that ended (its last file failed here, say) needs nothing more of this item.
            ThrowIfRefused(lease, finished);
        }
    }

    public static void ThrowIfRefused(WorkLease lease, RecordOutcome outcome)
    {
        if (outcome != RecordOutcome.Recorded)
        {
            throw new CheckpointLockedException($"Work item {lease.ItemId} of job {lease.JobId} (epoch {lease.Epoch}) was refused: {outcome}.");
        }
    }

    private async Task<string?> CheckSourceAsync(FileSpec spec, CancellationToken cancellationToken)
    {
        if (verified.ContainsKey(spec))
        {
            return SourceFingerprint.DescribeStatMismatch(spec);
        }

        var mismatch = await SourceFingerprint.DescribeMismatchAsync(spec, cancellationToken).ConfigureAwait(false);
        if (mismatch is null)
        {
            if (verified.Count >= MaxVerified)
            {
                verified.Clear(); // bounded: a long-lived worker sees millions of files; a cleared entry costs one read
            }

            verified.TryAdd(spec, true);
        }

        return mismatch;
    }

    private async Task PutAsync(IUploadJobGrain job, WorkLease lease, LeasedFile file, CancellationToken cancellationToken)
    {
        // The fence: a worker whose epoch went stale must not write the object.
        ThrowIfRefused(lease, await job.RenewAsync(lease.ItemId, lease.Epoch).ConfigureAwait(false));
        var spec = file.Spec;
        var result = await runtime.Uploader.UploadAsync(new UploadRequest { SourcePath = spec.Path, Bucket = spec.Bucket, Key = spec.Key, Properties = spec.ToProperties() }, cancellationToken).ConfigureAwait(false);
        ThrowIfRefused(lease, await GrainCalls.UntilReachableAsync(() => job.RecordFileAsync(lease.ItemId, lease.Epoch, file.FileIndex, result.ETag), cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Sends <paramref name="parts"/> of a leased multipart file with the engine, recording each through the grain with the lease's epoch.</summary>
    /// <exception cref="CheckpointLockedException">The grain refused a record: the epoch is stale or the job stopped.</exception>
    public Task SendPartsAsync(IUploadJobGrain job, WorkLease lease, LeasedFile file, IReadOnlyCollection<int> parts, CancellationToken cancellationToken)
    {
        var partLease = new GrainPartLease(job, lease, CheckpointKey.For(file.Spec.Path, file.TargetIdentity, file.Spec.ToLocation()));
        return PartRangeUpload.RunAsync(runtime.Engine, HeaderFor(file, runtime.Time.GetUtcNow()), partLease, parts, cancellationToken);
    }

    /// <summary>The engine's view of a leased multipart file: the grain's upload id and layout, the job's source identity.</summary>
    private static CheckpointHeader HeaderFor(LeasedFile file, DateTimeOffset now)
    {
        var spec = file.Spec;
        return new CheckpointHeader
        {
            TargetIdentity = file.TargetIdentity,
            Location = spec.ToLocation(),
            UploadId = file.UploadId ?? throw new InvalidOperationException("A part range was leased without an upload id."),
            Source = new SourceIdentity(spec.Path, spec.Length, new DateTime(spec.LastWriteUtcTicks, DateTimeKind.Utc), FileId: null),
            PartSize = file.PartSize,
            PartCount = file.PartCount,
            Algorithm = file.Algorithm,
            CreatedAt = now,
        };
    }
}
