using ResumableUpload.Orleans.Planning;
using ResumableUpload.Pipeline;

namespace ResumableUpload.Orleans.Grains;

/// <summary>
/// The job's decisions, in pure code over its <see cref="JobState"/> (no I/O, the time passed in): plan the items,
/// lease with epochs, record, finish, reset what the target lost, fail. The grain does the I/O and persists.
/// </summary>
internal sealed class JobBook(JobState state)
{
    public JobState State => state;

    public JobSpec Spec => state.Spec ?? throw new InvalidOperationException("The job has no plan.");

    /// <summary>Cuts the files into work items: groups of small files (single puts) and part ranges of large ones.</summary>
    public static JobState Plan(JobSpec spec, TargetCapabilities capabilities, long partSize, string targetIdentity, ChecksumAlgorithm algorithm, DateTimeOffset now)
    {
        var state = new JobState { Spec = spec, State = UploadJobState.Running, SubmittedAt = now, TargetIdentity = targetIdentity, Algorithm = algorithm };
        var smallGroup = new List<int>();
        for (var i = 0; i < spec.Files.Count; i++)
        {
            var layout = PartLayout.Compute(spec.Files[i].Length, partSize, capabilities);
            var multipart = layout.PartCount > 1;
            state.Files.Add(new FileProgress { PartSize = layout.PartSize, PartCount = multipart ? layout.PartCount : 0 });
            if (!multipart)
            {
                smallGroup.Add(i);
                if (smallGroup.Count == spec.FilesPerItem)
                {
                    state.Items.Add(new WorkItem { Id = state.Items.Count, FileIndexes = smallGroup });
                    smallGroup = [];
                }

                continue;
            }

            for (var first = 1; first <= layout.PartCount; first += spec.PartsPerItem)
            {
                var last = Math.Min(layout.PartCount, first + spec.PartsPerItem - 1);
                state.Items.Add(new WorkItem { Id = state.Items.Count, FileIndexes = [i], FirstPart = first, LastPart = last });
            }
        }

        if (smallGroup.Count > 0)
        {
            state.Items.Add(new WorkItem { Id = state.Items.Count, FileIndexes = smallGroup });
        }

        return state;
    }

    /// <summary>Leases the first item nobody holds (or whose lease ran out) to <paramref name="worker"/>, raising its epoch.</summary>
    public WorkItem? TryLease(string worker, DateTimeOffset now)
    {
        if (state.State != UploadJobState.Running)
        {
            return null;
        }

        foreach (var item in state.Items)
        {
            if (item.Done || (item.Holder is not null && item.LeaseUntil > now) || item.FileIndexes.TrueForAll(i => state.Files[i].Finished))
            {
                continue;
            }

            item.Epoch++;
            item.Holder = worker;
            item.LeaseUntil = now + Spec.LeaseDuration;
            return item;
        }

        return null;
    }

    /// <summary>Whether the holder of <paramref name="epoch"/> may act on the item now.</summary>
    public RecordOutcome Check(int itemId, long epoch, out WorkItem item)
    {
        item = state.Items[itemId];
        if (state.State != UploadJobState.Running)
        {
            return RecordOutcome.JobStopped;
        }

        return item.Epoch == epoch && !item.Done ? RecordOutcome.Recorded : RecordOutcome.StaleEpoch;
    }

    public void Renew(WorkItem item, DateTimeOffset now) => item.LeaseUntil = now + Spec.LeaseDuration;

    /// <summary>The parts of a range item not recorded yet (a re-leased range skips what is recorded).</summary>
    public List<int> PartsToSend(WorkItem item, int fileIndex)
    {
        var parts = new List<int>();
        if (!item.IsPartRange)
        {
            return parts;
        }

        var recorded = state.Files[fileIndex].Parts;
        for (var n = item.FirstPart; n <= item.LastPart; n++)
        {
            if (!recorded.ContainsKey(n))
            {
                parts.Add(n);
            }
        }

        return parts;
    }

    /// <summary>Records a part; the same part again replaces its record (a part upload is idempotent per upload id and number).</summary>
    public void RecordPart(WorkItem item, PartEntry part)
    {
        var file = state.Files[item.FileIndexes[0]];
        if (!item.IsPartRange || part.Number < item.FirstPart || part.Number > item.LastPart)
        {
            throw new ArgumentOutOfRangeException(nameof(part), $"Part {part.Number} is not in work item {item.Id}.");
        }

        file.Parts[part.Number] = part;
    }

    /// <summary>Whether every part of a range, or every file of a group, is in.</summary>
    public bool IsItemComplete(WorkItem item)
        => item.IsPartRange
            ? PartsToSend(item, item.FileIndexes[0]).Count == 0
            : item.FileIndexes.TrueForAll(i => state.Files[i].Finished);

    public static void FinishItem(WorkItem item)
    {
        item.Done = true;
        item.Holder = null;
    }

    /// <summary>A multipart file whose every item is done and not yet completed: the grain completes it.</summary>
    public bool IsReadyToComplete(int fileIndex)
    {
        var file = state.Files[fileIndex];
        return file.IsMultipart && !file.Finished && file.UploadId is not null
            && state.Items.TrueForAll(item => !item.FileIndexes.Contains(fileIndex) || item.Done);
    }

    public IEnumerable<int> FilesReadyToComplete()
        => Enumerable.Range(0, state.Files.Count).Where(IsReadyToComplete);

    /// <summary>Drops records the target does not confirm; their items go back to the pool.</summary>
    public void ResetParts(int fileIndex, IReadOnlyCollection<int> missing)
    {
        var file = state.Files[fileIndex];
        foreach (var number in missing)
        {
            file.Parts.Remove(number);
        }

        foreach (var item in state.Items)
        {
            if (item.IsPartRange && item.FileIndexes[0] == fileIndex && missing.Any(n => n >= item.FirstPart && n <= item.LastPart))
            {
                item.Done = false;
                item.Holder = null;
            }
        }
    }

    /// <summary>The target lost the upload: start the file over with a new one.</summary>
    public void ResetUpload(int fileIndex)
    {
        var file = state.Files[fileIndex];
        ResetParts(fileIndex, [.. file.Parts.Keys]);
        foreach (var item in state.Items.Where(i => i.IsPartRange && i.FileIndexes[0] == fileIndex))
        {
            item.Done = false;
            item.Holder = null;
        }

        file.UploadId = null;
        file.Initiating = false;
        file.CompleteSent = false;
    }

    /// <summary>A worker gives an item back after a transient failure; after too many, its unfinished files fail.</summary>
    public void Release(WorkItem item, string reason)
    {
        item.Holder = null;
        item.LeaseUntil = DateTimeOffset.MinValue;
        item.Failures++;
        if (item.Failures < Spec.MaxAttempts)
        {
            return;
        }

        foreach (var i in item.FileIndexes.Where(i => !state.Files[i].Finished))
        {
            FailFile(i, $"gave up after {item.Failures} attempts: {reason}");
        }
    }

    /// <summary>Fails a file for good; its items are done (no worker will be given it again).</summary>
    public void FailFile(int fileIndex, string reason)
    {
        var file = state.Files[fileIndex];
        file.Error ??= reason;
        foreach (var item in state.Items)
        {
            if (item.FileIndexes.Contains(fileIndex) && item.FileIndexes.TrueForAll(i => state.Files[i].Finished))
            {
                FinishItem(item);
            }
        }
    }

    /// <summary>Ends the job when every file is finished: Completed, or Failed if any file failed.</summary>
    public bool TryFinish(DateTimeOffset now)
    {
        if (state.State != UploadJobState.Running || !state.Files.TrueForAll(f => f.Finished))
        {
            return false;
        }

        state.State = state.Files.Exists(f => f.Error is not null) ? UploadJobState.Failed : UploadJobState.Completed;
        state.FinishedAt = now;
        return true;
    }

    public UploadJobStatus ToStatus(string jobId)
    {
        var files = Spec.Files;
        long bytesDone = 0;
        var parts = 0;
        var errors = new List<string>();
        for (var i = 0; i < state.Files.Count; i++)
        {
            var file = state.Files[i];
            parts += file.Parts.Count;
            bytesDone += file.Done ? files[i].Length : file.Parts.Values.Sum(p => p.Length);
            if (file.Error is not null)
            {
                errors.Add($"{files[i].Path}: {file.Error}");
            }
        }

        return new UploadJobStatus
        {
            JobId = jobId,
            State = state.State,
            FilesTotal = files.Count,
            FilesDone = state.Files.Count(f => f.Done),
            FilesFailed = errors.Count,
            BytesTotal = files.Sum(f => f.Length),
            BytesDone = bytesDone,
            PartsRecorded = parts,
            Errors = errors,
            SubmittedAt = state.SubmittedAt,
            FinishedAt = state.FinishedAt,
        };
    }
}
