namespace ResumableUpload.Orleans.Grains;

/// <summary>The persisted list of jobs and their states.</summary>
internal sealed class UploadJobRegistryGrain(
    [PersistentState("registry", UploadJobConstants.StorageName)] IPersistentState<Dictionary<string, UploadJobState>> jobs)
    : Grain, IUploadJobRegistryGrain
{
    public Task AddAsync(string jobId) => SetStateAsync(jobId, UploadJobState.Running);

    public async Task SetStateAsync(string jobId, UploadJobState state)
    {
        if (jobs.State.TryGetValue(jobId, out var known) && known == state)
        {
            return;
        }

        jobs.State[jobId] = state;
        await jobs.WriteStateAsync().ConfigureAwait(true);
    }

    public Task<IReadOnlyList<string>> RunningAsync()
        => Task.FromResult<IReadOnlyList<string>>([.. jobs.State.Where(j => j.Value == UploadJobState.Running).Select(j => j.Key)]);

    public Task<IReadOnlyList<string>> AllAsync() => Task.FromResult<IReadOnlyList<string>>([.. jobs.State.Keys]);
}
