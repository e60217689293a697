using Microsoft.Extensions.Logging;
using ResumableUpload.Cleanup;
using ResumableUpload.Hashing;
using ResumableUpload.Orleans.Planning;

namespace ResumableUpload.Orleans.Grains;

/// <summary>How a completion attempt ended.</summary>
internal enum CompletionOutcome
{
    /// <summary>The object is complete.</summary>
    Completed,

    /// <summary>The target does not confirm some records; they were dropped and their items go back to the pool.</summary>
    PartsMissing,

    /// <summary>The target lost the upload before it was completed: the file starts over.</summary>
    UploadLost,

    /// <summary>The target reports another whole-object CRC: the file failed.</summary>
    ChecksumMismatch,
}

/// <summary>
/// The job grain's only side effects on the target: initiate, reconcile-then-complete, abort. Each records its
/// intent (through <c>save</c>) before the request, so a grain re-activated after a crash knows what may exist.
/// </summary>
internal sealed class UploadCompleter(IMultipartTarget target, ILogger logger)
{
    private readonly UploadCleanup cleanup = new(target, logger);

    /// <summary>Initiates the file's multipart upload; an intent left by a crashed activation first aborts every upload of the key.</summary>
    public async Task InitiateAsync(FileSpec spec, FileProgress file, ChecksumAlgorithm algorithm, Func<Task> save)
    {
        if (file.Initiating && file.UploadId is null)
        {
            await cleanup.AbortAllForKeyAsync(spec.ToLocation(), CancellationToken.None).ConfigureAwait(true);
        }

        file.Initiating = true;
        await save().ConfigureAwait(true);
        file.UploadId = await target.InitiateAsync(spec.ToLocation(), spec.ToProperties(), algorithm).ConfigureAwait(true);
    }

    /// <summary>Lists the upload's parts, drops records the target does not confirm, and completes when all are confirmed.</summary>
    public async Task<(CompletionOutcome Outcome, List<int> Missing)> CompleteAsync(FileSpec spec, FileProgress file, ChecksumAlgorithm algorithm, Func<Task> save)
    {
        var uploadId = file.UploadId ?? throw new InvalidOperationException("The file has no upload to complete.");
        var listed = new List<UploadedPart>();
        try
        {
            await foreach (var part in target.ListPartsAsync(spec.ToLocation(), uploadId).ConfigureAwait(true))
            {
                listed.Add(part);
            }
        }
        catch (TargetException ex) when (ex.Kind == TargetErrorKind.UploadNotFound)
        {
            // Gone after a complete was sent (by an activation that died before recording the result): it completed.
            return (file.CompleteSent ? CompletionOutcome.Completed : CompletionOutcome.UploadLost, []);
        }

        var missing = PartReconciler.Unconfirmed(file.Parts.Values, listed);
        if (missing.Count > 0)
        {
            Log.PartsUnconfirmed(logger, spec.Key, uploadId, missing.Count);
            return (CompletionOutcome.PartsMissing, missing);
        }

        file.CompleteSent = true;
        await save().ConfigureAwait(true);
        var parts = file.Parts.Values.OrderBy(p => p.Number).Select(p => p.ToRecord()).ToList();
        var crc = Crc.CombineParts(algorithm, parts);
        var completed = await target.CompleteAsync(spec.ToLocation(), uploadId, parts, new PartChecksums(algorithm, crc, ReadOnlyMemory<byte>.Empty)).ConfigureAwait(true);
        file.ETag = completed.ETag;
        return completed.Crc is { } reported && reported != crc ? (CompletionOutcome.ChecksumMismatch, []) : (CompletionOutcome.Completed, []);
    }

    /// <summary>Aborts the file's upload (or, after an initiate whose id was never recorded, every upload of its key), best effort.</summary>
    public Task AbortAsync(FileSpec spec, FileProgress file)
        => file.UploadId is { } uploadId
            ? cleanup.AbortAsync(spec.ToLocation(), uploadId, CancellationToken.None)
            : file.Initiating ? cleanup.AbortAllForKeyAsync(spec.ToLocation(), CancellationToken.None) : Task.CompletedTask;
}

internal static partial class Log
{
    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "The target does not confirm {Count} recorded parts of '{Key}' (upload {UploadId}); they go back to the pool.")]
    public static partial void PartsUnconfirmed(ILogger logger, string key, string uploadId, int count);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Work item {ItemId} of job {JobId} failed and goes back to the pool: {Reason}")]
    public static partial void ItemFailed(ILogger logger, string jobId, int itemId, string reason);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Warning, Message = "Job {JobId}: '{Path}' failed for good: {Reason}")]
    public static partial void FileFailed(ILogger logger, string jobId, string path, string reason);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Information, Message = "Job {JobId} ended: {State}.")]
    public static partial void JobEnded(ILogger logger, string jobId, UploadJobState state);

    [LoggerMessage(EventId = 1305, Level = LogLevel.Information, Message = "Work item {ItemId} of job {JobId}: epoch {Epoch} is stale; the item belongs to another worker now.")]
    public static partial void StaleEpoch(ILogger logger, string jobId, int itemId, long epoch);

    [LoggerMessage(EventId = 1306, Level = LogLevel.Warning, Message = "The worker could not reach the cluster: {Reason}")]
    public static partial void PollFailed(ILogger logger, string reason);
}
