using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ResumableUpload.Orleans.Grains;

namespace ResumableUpload.Orleans.Worker;

/// <summary>
/// The silo's worker: asks the running jobs for work (round robin), runs up to
/// <see cref="UploadWorkerOptions.ItemsInFlight"/> items at once on the silo's one engine, and waits
/// <see cref="UploadWorkerOptions.PollInterval"/> when no job has any. A failed item goes back to its job.
/// </summary>
internal sealed class UploadWorker(IGrainFactory grains, UploadWorkerRuntime runtime, ILocalSiloDetails silo, ILogger<UploadWorker> logger) : BackgroundService
{
    private readonly WorkItemRunner runner = new(grains, runtime);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = runtime.WorkerOptions;
        if (!options.Enabled)
        {
            return;
        }

        var workerId = $"{silo.SiloAddress}/{Guid.NewGuid():N}";
        var running = new List<Task>();
        var next = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            running.RemoveAll(t => t.IsCompleted);
            if (running.Count >= options.ItemsInFlight)
            {
                await Task.WhenAny(running).ConfigureAwait(false);
                continue;
            }

            WorkLease? lease = null;
            try
            {
                var jobs = await grains.GetGrain<IUploadJobRegistryGrain>(IUploadJobRegistryGrain.Key).RunningAsync().ConfigureAwait(false);
                for (var k = 0; k < jobs.Count && lease is null; k++)
                {
                    lease = await grains.GetGrain<IUploadJobGrain>(jobs[(next + k) % jobs.Count]).LeaseAsync(workerId).ConfigureAwait(false);
                    next += lease is null ? 0 : k + 1;
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The silo is joining or leaving, or a job grain is moving to another silo: ask again later.
                Log.PollFailed(logger, ex.Message);
            }

            if (lease is not null)
            {
                running.Add(Task.Run(() => RunAsync(lease, stoppingToken), CancellationToken.None));
                continue;
            }

            try
            {
                await Task.Delay(options.PollInterval, runtime.Time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await Task.WhenAll(running).ConfigureAwait(false);
    }

    private async Task RunAsync(WorkLease lease, CancellationToken stoppingToken)
    {
        try
        {
            await runner.RunAsync(lease, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The silo stops: the item returns to the pool when its lease runs out.
        }
        catch (CheckpointLockedException)
        {
            Log.StaleEpoch(logger, lease.JobId, lease.ItemId, lease.Epoch);
        }
        catch (Exception ex)
        {
            try
            {
                await grains.GetGrain<IUploadJobGrain>(lease.JobId).FailAsync(lease.ItemId, lease.Epoch, fileIndex: null, ex.Message).ConfigureAwait(false);
            }
            catch (Exception report) when (report is not OperationCanceledException)
            {
                // The job's grain is unreachable: the lease runs out and the item returns to the pool anyway.
                Log.PollFailed(logger, report.Message);
            }
        }
    }
}
