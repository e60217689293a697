using Microsoft.Extensions.Logging;
using ResumableUpload.Orleans.Planning;
using ResumableUpload.Orleans.Worker;

namespace ResumableUpload.Orleans.Grains;

/// <summary>
/// The job grain: decisions in <see cref="JobBook"/>, target calls in <see cref="UploadCompleter"/>, state persisted
/// (<see cref="UploadJobConstants.StorageName"/>) before any answer that relies on it. Awaits keep the grain's context
/// (<c>ConfigureAwait(true)</c>): a grain's turn must not continue on the thread pool.
/// </summary>
internal sealed class UploadJobGrain(
    [PersistentState("job", UploadJobConstants.StorageName)] IPersistentState<JobState> job,
    UploadWorkerRuntime runtime,
    ILogger<UploadJobGrain> logger) : Grain, IUploadJobGrain, IRemindable
{
    private const string DriveReminder = "drive";
    private readonly UploadCompleter completer = new(runtime.Target, logger);

    private string JobId => this.GetPrimaryKeyString();

    private JobBook Book => new(job.State);

    private DateTimeOffset Now => runtime.Time.GetUtcNow();

    public async Task<UploadJobStatus> SubmitAsync(JobSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!string.Equals(spec.JobId, JobId, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The job's id is '{spec.JobId}', not this grain's '{JobId}'.", nameof(spec));
        }

        // The same job again attaches to the one that runs (or reports the one that completed).
        if (job.State.Spec is null || job.State.State is UploadJobState.Failed or UploadJobState.Aborted)
        {
            var options = runtime.Options;
            job.State = JobBook.Plan(spec, runtime.Target.Capabilities, options.PartSize, runtime.Target.Identity, options.Checksum, Now);
            await SaveAsync().ConfigureAwait(true);
            await GrainFactory.GetGrain<IUploadJobRegistryGrain>(IUploadJobRegistryGrain.Key).AddAsync(JobId).ConfigureAwait(true);
            var period = runtime.WorkerOptions.ReminderPeriod;
            await this.RegisterOrUpdateReminder(DriveReminder, period, period).ConfigureAwait(true);
            await FinishIfDoneAsync().ConfigureAwait(true); // an empty job
        }

        return Book.ToStatus(JobId);
    }

    public Task<UploadJobStatus> GetStatusAsync()
        => job.State.Spec is null
            ? throw new KeyNotFoundException($"No upload job has the id '{JobId}'.")
            : Task.FromResult(Book.ToStatus(JobId));

    public async Task<UploadJobStatus> AbortAsync()
    {
        var status = await GetStatusAsync().ConfigureAwait(true);
        if (status.State != UploadJobState.Running)
        {
            return status;
        }

        job.State.State = UploadJobState.Aborted;
        job.State.FinishedAt = Now;
        await SaveAsync().ConfigureAwait(true);
        for (var i = 0; i < job.State.Files.Count; i++)
        {
            if (job.State.Files[i] is { IsMultipart: true, Done: false } file)
            {
                await completer.AbortAsync(Book.Spec.Files[i], file).ConfigureAwait(true);
            }
        }

        await EndAsync().ConfigureAwait(true);
        return Book.ToStatus(JobId);
    }

    public async Task<WorkLease?> LeaseAsync(string worker)
    {
        if (job.State.Spec is null)
        {
            return null;
        }

        var book = Book;
        var item = book.TryLease(worker, Now);
        if (item is null)
        {
            // Nothing to hand out: complete what is ready (after a crash between the last part and its complete).
            await DriveAsync().ConfigureAwait(true);
            return null;
        }

        var files = new List<LeasedFile>(item.FileIndexes.Count);
        foreach (var index in item.FileIndexes)
        {
            var spec = book.Spec.Files[index];
            var file = job.State.Files[index];
            if (file.Finished)
            {
                continue;
            }

            if (file.IsMultipart && file.UploadId is null)
            {
                try
                {
                    await completer.InitiateAsync(spec, file, job.State.Algorithm, SaveAsync).ConfigureAwait(true);
                }
                catch (TargetException ex)
                {
                    book.Release(item, ex.Message);
                    await SaveAsync().ConfigureAwait(true);
                    throw;
                }
            }

            files.Add(new LeasedFile(index, spec, file.UploadId, file.PartSize, file.PartCount, job.State.Algorithm, job.State.TargetIdentity, book.PartsToSend(item, index)));
        }

        await SaveAsync().ConfigureAwait(true);
        return new WorkLease(JobId, item.Id, item.Epoch, files);
    }

    public Task<RecordOutcome> RenewAsync(int itemId, long epoch)
    {
        // Not persisted: after a re-activation an item may be leased again early; its old holder is then stale, never wrong.
        var outcome = Book.Check(itemId, epoch, out var item);
        if (outcome == RecordOutcome.Recorded)
        {
            Book.Renew(item, Now);
        }

        return Task.FromResult(outcome);
    }

    public async Task<RecordOutcome> RecordPartAsync(int itemId, long epoch, PartEntry part)
    {
        var book = Book;
        var outcome = book.Check(itemId, epoch, out var item);
        if (outcome != RecordOutcome.Recorded)
        {
            return outcome;
        }

        book.RecordPart(item, part);
        book.Renew(item, Now);
        await SaveAsync().ConfigureAwait(true);
        return outcome;
    }

    public async Task<RecordOutcome> RecordFileAsync(int itemId, long epoch, int fileIndex, string eTag)
    {
        var book = Book;
        var outcome = book.Check(itemId, epoch, out var item);
        if (outcome != RecordOutcome.Recorded)
        {
            return outcome;
        }

        var file = job.State.Files[fileIndex];
        if (!item.FileIndexes.Contains(fileIndex) || file.IsMultipart)
        {
            throw new ArgumentOutOfRangeException(nameof(fileIndex), $"File {fileIndex} is not a single put of work item {itemId}.");
        }

        file.Done = true;
        file.ETag = eTag;
        book.Renew(item, Now);
        await SaveAsync().ConfigureAwait(true);
        return outcome;
    }

    public async Task<RecordOutcome> FinishItemAsync(int itemId, long epoch)
    {
        if (job.State.Items[itemId] is { Done: true } finished && finished.Epoch == epoch)
        {
            return job.State.State == UploadJobState.Running ? RecordOutcome.Recorded : RecordOutcome.JobStopped; // its files failed: already finished
        }

        var book = Book;
        var outcome = book.Check(itemId, epoch, out var item);
        if (outcome != RecordOutcome.Recorded)
        {
            return outcome;
        }

        if (!book.IsItemComplete(item))
        {
            book.Release(item, "the worker finished with parts or files missing");
            await SaveAsync().ConfigureAwait(true);
            return RecordOutcome.StaleEpoch;
        }

        JobBook.FinishItem(item);
        await SaveAsync().ConfigureAwait(true);
        await DriveAsync().ConfigureAwait(true);
        return outcome;
    }

    public async Task<RecordOutcome> FailAsync(int itemId, long epoch, int? fileIndex, string reason)
    {
        var book = Book;
        var outcome = book.Check(itemId, epoch, out var item);
        if (outcome != RecordOutcome.Recorded)
        {
            return outcome;
        }

        if (fileIndex is { } index)
        {
            Log.FileFailed(logger, JobId, book.Spec.Files[index].Path, reason);
            book.FailFile(index, reason);
        }
        else
        {
            Log.ItemFailed(logger, JobId, itemId, reason);
            book.Release(item, reason);
        }

        if (!item.Done && book.IsItemComplete(item))
        {
            JobBook.FinishItem(item);
        }

        await SaveAsync().ConfigureAwait(true);
        await DriveAsync().ConfigureAwait(true);
        return outcome;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (job.State.Spec is null || job.State.State != UploadJobState.Running)
        {
            await UnregisterAsync().ConfigureAwait(true);
            return;
        }

        await DriveAsync().ConfigureAwait(true);
    }

    /// <summary>Completes every file whose items are all done, aborts the uploads of failed files, and ends the job when nothing is left.</summary>
    private async Task DriveAsync()
    {
        if (job.State.State != UploadJobState.Running)
        {
            return;
        }

        var book = Book;
        for (var i = 0; i < job.State.Files.Count; i++)
        {
            var file = job.State.Files[i];
            if (file is { IsMultipart: true, Error: not null, Done: false } && (file.UploadId is not null || file.Initiating))
            {
                await completer.AbortAsync(book.Spec.Files[i], file).ConfigureAwait(true);
                file.UploadId = null;
                file.Initiating = false;
                await SaveAsync().ConfigureAwait(true);
            }
        }

        foreach (var index in book.FilesReadyToComplete().ToList())
        {
            var file = job.State.Files[index];
            var (outcome, missing) = await completer.CompleteAsync(book.Spec.Files[index], file, job.State.Algorithm, SaveAsync).ConfigureAwait(true);
            switch (outcome)
            {
                case CompletionOutcome.Completed:
                    file.Done = true;
                    break;
                case CompletionOutcome.PartsMissing:
                    book.ResetParts(index, missing);
                    break;
                case CompletionOutcome.UploadLost:
                    book.ResetUpload(index);
                    break;
                default:
                    book.FailFile(index, "the target reports another whole-object CRC than the parts combine to");
                    break;
            }

            await SaveAsync().ConfigureAwait(true);
        }

        await FinishIfDoneAsync().ConfigureAwait(true);
    }

    private async Task FinishIfDoneAsync()
    {
        if (Book.TryFinish(Now))
        {
            await SaveAsync().ConfigureAwait(true);
            await EndAsync().ConfigureAwait(true);
        }
    }

    private async Task EndAsync()
    {
        Log.JobEnded(logger, JobId, job.State.State);
        await GrainFactory.GetGrain<IUploadJobRegistryGrain>(IUploadJobRegistryGrain.Key).SetStateAsync(JobId, job.State.State).ConfigureAwait(true);
        await UnregisterAsync().ConfigureAwait(true);
    }

    private async Task UnregisterAsync()
    {
        if (await this.GetReminder(DriveReminder).ConfigureAwait(true) is { } reminder)
        {
            await this.UnregisterReminder(reminder).ConfigureAwait(true);
        }
    }

    private Task SaveAsync() => job.WriteStateAsync();
}
