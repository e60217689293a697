using ResumableUpload.Orleans.Planning;

namespace ResumableUpload.Orleans.Grains;

/// <summary>
/// One upload job (one object or a batch), keyed by its id. It owns the plan, the upload ids and the leases with their
/// epochs, and is the only completer of each multipart upload. Workers pull work from it; no bytes pass through it.
/// </summary>
internal interface IUploadJobGrain : IGrainWithStringKey
{
    /// <summary>Starts the job, or attaches to it when this id already runs (or has completed).</summary>
    Task<UploadJobStatus> SubmitAsync(JobSpec spec);

    Task<UploadJobStatus> GetStatusAsync();

    /// <summary>Aborts the job: no more leases, its incomplete uploads aborted.</summary>
    Task<UploadJobStatus> AbortAsync();

    /// <summary>Leases the next work item to <paramref name="worker"/>, or returns <see langword="null"/> when there is none now.</summary>
    Task<WorkLease?> LeaseAsync(string worker);

    /// <summary>Renews a lease (a fence before an act only the holder may do).</summary>
    Task<RecordOutcome> RenewAsync(int itemId, long epoch);

    /// <summary>Records one part of a range item.</summary>
    Task<RecordOutcome> RecordPartAsync(int itemId, long epoch, PartEntry part);

    /// <summary>Records one small file of a group item as stored.</summary>
    Task<RecordOutcome> RecordFileAsync(int itemId, long epoch, int fileIndex, string eTag);

    /// <summary>The worker has sent everything of the item and checked the source did not change while it read.</summary>
    Task<RecordOutcome> FinishItemAsync(int itemId, long epoch);

    /// <summary>Gives an item back: a transient failure (another worker retries), or the file is given up (<paramref name="fileIndex"/>).</summary>
    Task<RecordOutcome> FailAsync(int itemId, long epoch, int? fileIndex, string reason);
}

/// <summary>The list of jobs, so workers find the running ones and <c>status</c> can list them all. Key: <see cref="Key"/>.</summary>
internal interface IUploadJobRegistryGrain : IGrainWithStringKey
{
    const string Key = "jobs";

    Task AddAsync(string jobId);

    Task SetStateAsync(string jobId, UploadJobState state);

    Task<IReadOnlyList<string>> RunningAsync();

    Task<IReadOnlyList<string>> AllAsync();
}
