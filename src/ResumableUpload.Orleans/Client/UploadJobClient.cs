using System.ComponentModel.DataAnnotations;
using ResumableUpload.Orleans.Grains;
using ResumableUpload.Orleans.Planning;

namespace ResumableUpload.Orleans;

/// <summary>
/// Submits upload jobs to a cluster of upload workers and follows them. A job runs in the cluster, not in the caller:
/// cancelling a wait, or ending the calling process, does not stop it; <see cref="AbortAsync"/> does.
/// </summary>
/// <param name="client">A client of the cluster (or a silo's <see cref="IGrainFactory"/>).</param>
public sealed class UploadJobClient(IGrainFactory client)
{
    private readonly IGrainFactory grains = client ?? throw new ArgumentNullException(nameof(client));

    /// <summary>
    /// Fingerprints the files (length, last-write time, CRC-64/NVME of the first part) and submits them as one job.
    /// The id is derived from the files and their fingerprints: submitting the same files again, unchanged, attaches to
    /// the job that runs (or reports the one that completed) instead of starting another.
    /// </summary>
    /// <param name="files">The files and their objects; every path must be readable by every worker (a shared file system).</param>
    /// <param name="options">How to cut the work, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels fingerprinting and submitting.</param>
    /// <returns>The job's status right after submission; <see cref="UploadJobStatus.JobId"/> names it.</returns>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="ArgumentException">A file has metadata: a cluster job carries only its Content-Type so far.</exception>
    /// <exception cref="ValidationException">The options are invalid; the message lists every problem.</exception>
    public async Task<UploadJobStatus> SubmitAsync(IEnumerable<UploadRequest> files, UploadJobOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        options ??= new UploadJobOptions();
        Validate(options);
        var specs = new List<FileSpec>();
        foreach (var file in files)
        {
            ArgumentNullException.ThrowIfNull(file);
            ArgumentException.ThrowIfNullOrEmpty(file.Key, "files.Key");
            if (file.Properties.Metadata.Count > 0)
            {
                throw new ArgumentException($"'{file.SourcePath}': a cluster job carries the Content-Type but not metadata yet; upload files with metadata on one host.", nameof(files));
            }

            var spec = await SourceFingerprint.TakeAsync(Path.GetFullPath(file.SourcePath), file.Bucket, file.Key, options.PartSize, cancellationToken).ConfigureAwait(false);
            specs.Add(spec with { ContentType = file.Properties.ContentType });
        }

        var jobId = SourceFingerprint.JobId(specs);
        var job = new JobSpec(jobId, specs, options.LeaseDuration, options.PartsPerItem, options.FilesPerItem, options.MaxAttempts);
        return await Job(jobId).SubmitAsync(job).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gets a job's progress, or its result once it has ended.</summary>
    /// <param name="jobId">The job's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The status.</returns>
    /// <exception cref="KeyNotFoundException">No job has this id.</exception>
    public Task<UploadJobStatus> GetStatusAsync(string jobId, CancellationToken cancellationToken = default)
        => Job(jobId).GetStatusAsync().WaitAsync(cancellationToken);

    /// <summary>Follows a job until it ends, reporting its status at every poll.</summary>
    /// <param name="jobId">The job's id.</param>
    /// <param name="progress">Receives the status at every poll, or <see langword="null"/>.</param>
    /// <param name="pollInterval">How often to ask; <see langword="null"/> for 1 second.</param>
    /// <param name="cancellationToken">Stops waiting (not the job).</param>
    /// <returns>The final status.</returns>
    public async Task<UploadJobStatus> WaitAsync(string jobId, IProgress<UploadJobStatus>? progress = null, TimeSpan? pollInterval = null, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            UploadJobStatus status;
            try
            {
                status = await GetStatusAsync(jobId, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is TimeoutException or OrleansException && !cancellationToken.IsCancellationRequested)
            {
                // The job grain's silo died and the cluster has not yet declared it dead: the grain comes back on another.
                await Task.Delay(pollInterval ?? TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
                continue;
            }

            progress?.Report(status);
            if (status.State != UploadJobState.Running)
            {
                return status;
            }

            await Task.Delay(pollInterval ?? TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Lists every job the cluster knows, with its status.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The statuses.</returns>
    public async Task<IReadOnlyList<UploadJobStatus>> ListAsync(CancellationToken cancellationToken = default)
    {
        var ids = await grains.GetGrain<IUploadJobRegistryGrain>(IUploadJobRegistryGrain.Key).AllAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        var statuses = new List<UploadJobStatus>(ids.Count);
        foreach (var id in ids)
        {
            statuses.Add(await GetStatusAsync(id, cancellationToken).ConfigureAwait(false));
        }

        return statuses;
    }

    /// <summary>Aborts a running job: no more work is handed out and its incomplete uploads are aborted. Objects already complete stay.</summary>
    /// <param name="jobId">The job's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The final status.</returns>
    /// <exception cref="KeyNotFoundException">No job has this id.</exception>
    public Task<UploadJobStatus> AbortAsync(string jobId, CancellationToken cancellationToken = default)
        => Job(jobId).AbortAsync().WaitAsync(cancellationToken);

    private IUploadJobGrain Job(string jobId)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        return grains.GetGrain<IUploadJobGrain>(jobId);
    }

    private static void Validate(UploadJobOptions options)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            throw new ValidationException("Invalid upload job options:" + string.Concat(results.Select(r => $"{Environment.NewLine}  - {r.MemberNames.FirstOrDefault()}: {r.ErrorMessage}")));
        }
    }
}
