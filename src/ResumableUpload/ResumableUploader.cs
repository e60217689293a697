using System.ComponentModel.DataAnnotations;
using System.Diagnostics.Metrics;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using System.Threading.Tasks.Dataflow;
using ResumableUpload.Batch;
using ResumableUpload.Cleanup;
using ResumableUpload.Engine;
using ResumableUpload.Pipeline;

namespace ResumableUpload;

/// <summary>
/// Uploads files to an <see cref="IMultipartTarget"/> in parts, in parallel, with bounded memory, recording each
/// finished part in an <see cref="ICheckpointStore"/> so that a later call, in this or another process, resumes
/// where a killed, cancelled or failed one stopped. Thread-safe; one instance serves many uploads.
/// </summary>
public sealed class ResumableUploader
{
    private readonly IMultipartTarget target;
    private readonly ICheckpointStore? store;
    private readonly UploadOptions options;
    private readonly ILogger logger;
    private readonly TimeProvider timeProvider;
    private readonly RetryingMultipartTarget retrying;
    private readonly TransferEngine engine;

    /// <summary>Initializes a new instance of the <see cref="ResumableUploader"/> class.</summary>
    /// <param name="target">Where objects go.</param>
    /// <param name="checkpointStore">Where checkpoints live; <see langword="null"/> disables resume (an interrupted upload is aborted).</param>
    /// <param name="options">The options; validated here.</param>
    /// <param name="loggerFactory">The logger factory, or <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for retry delays and sweep ages, or <see langword="null"/> for the system clock.</param>
    /// <param name="meterFactory">
    /// Where the <c>ResumableUpload</c> meter comes from (DI's <c>AddMetrics</c> registers one), or <see langword="null"/>
    /// for the process-wide meter of that name. Listeners and exporters find either by its name (README, "Telemetry").
    /// </param>
    /// <exception cref="ValidationException">The options are invalid; the message lists every problem.</exception>
    public ResumableUploader(IMultipartTarget target, ICheckpointStore? checkpointStore = null, UploadOptions? options = null, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        this.target = target;
        store = checkpointStore;
        this.options = options ?? new UploadOptions();
        this.options.Validate();
        logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<ResumableUploader>();
        this.timeProvider = timeProvider ?? TimeProvider.System;
        // Every upload shares one engine; every call to the target goes through its one retry layer, so no call site
        // can forget retries or the limit on requests in flight.
        engine = new TransferEngine(target, store, this.options, this.timeProvider, logger, meterFactory);
        retrying = engine.Target;
    }

    /// <summary>Gets the engine every upload of this uploader shares (for tests and benchmarks).</summary>
    internal TransferEngine Engine => engine;

    /// <summary>Gets the target.</summary>
    public IMultipartTarget Target => target;

    /// <summary>Gets the checkpoint store, or <see langword="null"/> when resume is off.</summary>
    public ICheckpointStore? CheckpointStore => store;

    /// <summary>
    /// Uploads a file or another <see cref="UploadSource"/>, resuming from its checkpoint when a valid one exists.
    /// Sources no larger than one part go in a single request; an empty one becomes an empty object. A stream
    /// (<see cref="StreamSource"/>) resumes by replay, a <see cref="ReopenableSource"/> by reopening at the first part
    /// not done (README, "Streams").
    /// </summary>
    /// <param name="request">The source and the object.</param>
    /// <param name="cancellationToken">Stops the upload promptly, leaving a valid checkpoint.</param>
    /// <returns>The object.</returns>
    /// <exception cref="FileNotFoundException">The source file does not exist.</exception>
    /// <exception cref="ArgumentException">The request is invalid (for example the source is a directory).</exception>
    /// <exception cref="CheckpointLockedException">Another process is uploading this file to this object.</exception>
    /// <exception cref="SourceChangedException">The file changed during the upload, or a stream ended at another length than <see cref="StreamSource.ExpectedLength"/>; nothing was completed.</exception>
    /// <exception cref="PartCountExceededException">A stream outgrew what the target's part count allows at its part size; the checkpoint is kept.</exception>
    /// <exception cref="ChecksumMismatchException">The target reports another whole-object CRC.</exception>
    /// <exception cref="TargetException">The target failed permanently or kept failing; the checkpoint is kept.</exception>
    public async Task<UploadResult> UploadAsync(UploadRequest request, CancellationToken cancellationToken = default)
    {
        ValidateRequest(request);

        // A batch of one: the same per-file unit, engine and telemetry as every file of a batch, without a ledger.
        var runner = new BatchRunner(engine, SingleFile);
        await foreach (var outcome in runner.RunAsync(AsyncSingle(request), new BatchScope(null, string.Empty, string.Empty), cancellationToken).ConfigureAwait(false))
        {
            if (outcome.Error is not null)
            {
                ExceptionDispatchInfo.Throw(outcome.Error);
            }

            return outcome.Result!;
        }

        cancellationToken.ThrowIfCancellationRequested();
        throw new InvalidOperationException("The upload ended without an outcome.");
    }

    /// <summary>
    /// Uploads many files through this uploader's one engine (one memory budget, one limit on requests in flight,
    /// shared with every other call) and yields one outcome per file as each finishes. Requests are taken lazily,
    /// as files in flight allow, so the sequence may be endless or huge. A failed file does not stop the others unless
    /// <see cref="BatchOptions.FailurePolicy"/> says so.
    /// </summary>
    /// <param name="requests">The files and their objects.</param>
    /// <param name="options">The batch options; <see cref="BatchOptions.BatchId"/> names the batch for resume.</param>
    /// <param name="cancellationToken">Stops the batch promptly, leaving every checkpoint valid.</param>
    /// <returns>One outcome per file, in the order they finish.</returns>
    /// <exception cref="CheckpointLockedException">Another process is running this batch (same <see cref="BatchOptions.BatchId"/>).</exception>
    /// <exception cref="System.ComponentModel.DataAnnotations.ValidationException">The options are invalid.</exception>
    public IAsyncEnumerable<UploadOutcome> UploadManyAsync(IAsyncEnumerable<UploadRequest> requests, BatchOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        options ??= new BatchOptions();
        options.Validate();
        return new BatchRunner(engine, options).RunAsync(requests, new BatchScope(options.BatchId, string.Empty, string.Empty), cancellationToken);
    }

    /// <summary>
    /// Uploads a directory recursively to a bucket and key prefix, finding files as it goes (memory stays flat with
    /// the file count), and yields one outcome per file as each finishes. With a checkpoint store, running it again
    /// sends only what is not yet done: finished files unchanged since are skipped, an interrupted large file resumes at
    /// part level, a changed file is sent again.
    /// </summary>
    /// <param name="request">The directory, the destination and the globs.</param>
    /// <param name="options">The batch options; without a <see cref="BatchOptions.BatchId"/> the batch is named after its directory, destination and globs.</param>
    /// <param name="cancellationToken">Stops the batch promptly, leaving every checkpoint valid.</param>
    /// <returns>One outcome per file, in the order they finish.</returns>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="ArgumentException">The request is invalid (the source is a file, say).</exception>
    /// <exception cref="CheckpointLockedException">Another process is uploading this directory to this destination.</exception>
    public IAsyncEnumerable<UploadOutcome> UploadDirectoryAsync(DirectoryUploadRequest request, BatchOptions? options = null, CancellationToken cancellationToken = default)
    {
        var root = DirectoryFiles.Root(request);
        options ??= new BatchOptions();
        options.Validate();
        var scope = new BatchScope(options.BatchId ?? DirectoryFiles.DefaultBatchId(root, request), request.Bucket, request.KeyPrefix);
        return new BatchRunner(engine, options).RunAsync(DirectoryFiles.EnumerateAsync(root, request, cancellationToken), scope, cancellationToken);
    }

    /// <summary>
    /// Creates a Dataflow block that uploads the files posted to it through this uploader's one engine and offers one
    /// outcome per file as each finishes: link your own blocks into it and out of it. Both ends are bounded by
    /// <see cref="BatchOptions.FilesInFlight"/>, so <c>SendAsync</c> waits while the uploads are busy. Complete the
    /// block to end the batch; its completion follows the last outcome.
    /// </summary>
    /// <param name="options">The batch options; <see cref="BatchOptions.BatchId"/> names the batch for resume.</param>
    /// <param name="cancellationToken">Stops the batch promptly, leaving every checkpoint valid.</param>
    /// <returns>The block.</returns>
    public IPropagatorBlock<UploadRequest, UploadOutcome> CreateUploadBlock(BatchOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new BatchOptions();
        options.Validate();
        return UploadBlock.Create((requests, ct) => UploadManyAsync(requests, options, ct), options.FilesInFlight, cancellationToken);
    }

    /// <summary>Aborts the interrupted upload of a file to an object, if a checkpoint records one, and deletes the checkpoint.</summary>
    /// <param name="request">The file and the object, as given to <see cref="UploadAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when a checkpoint was found and removed.</returns>
    /// <exception cref="CheckpointLockedException">The upload is running in another process.</exception>
    public async Task<bool> AbortAsync(UploadRequest request, CancellationToken cancellationToken = default)
    {
        ValidateRequest(request);
        if (store is null)
        {
            return false;
        }

        var path = request.EffectiveSource.CheckpointId;
        var lease = await store.AcquireAsync(CheckpointKey.ForSource(path, target.Identity, request.Location), cancellationToken).ConfigureAwait(false);
        await using (lease.ConfigureAwait(false))
        {
            var stored = await StoredCheckpoint.LoadAsync(lease, cancellationToken).ConfigureAwait(false);
            if (stored == StoredCheckpoint.None)
            {
                return false;
            }

            var uploads = UploadsToAbort.For(stored, path, target.Identity, request.Location);
            await new UploadCleanup(retrying, logger).DiscardCheckpointAsync(lease, uploads, cancellationToken).ConfigureAwait(false);
            return true;
        }
    }

    /// <summary>
    /// Lists the incomplete uploads on the target whose keys start with <paramref name="keyPrefix"/>: initiated, and
    /// neither completed nor aborted. Their parts are stored (and billed) until someone completes or aborts them.
    /// </summary>
    /// <param name="bucket">The bucket or container (empty for a local folder).</param>
    /// <param name="keyPrefix">The key prefix; empty for all.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The uploads, with the initiation time the target reports.</returns>
    /// <exception cref="TargetException">The listing failed permanently or kept failing (it is retried whole).</exception>
    public IAsyncEnumerable<PendingUpload> ListIncompleteUploadsAsync(string bucket, string keyPrefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        ArgumentNullException.ThrowIfNull(keyPrefix);
        return retrying.ListUploadsAsync(bucket, keyPrefix, cancellationToken);
    }

    /// <summary>
    /// Aborts the incomplete uploads under a prefix that were initiated at least <paramref name="olderThan"/> ago (by
    /// this uploader's <see cref="TimeProvider"/> against the target's initiation times). A failed abort is recorded in
    /// <see cref="SweepResult.Failures"/> and the sweep goes on with the others.
    /// </summary>
    /// <param name="bucket">The bucket or container (empty for a local folder).</param>
    /// <param name="keyPrefix">The key prefix; empty for all.</param>
    /// <param name="olderThan">The minimum age; <see cref="TimeSpan.Zero"/> for every incomplete upload.</param>
    /// <param name="dryRun"><see langword="true"/> to abort nothing and report what would be aborted.</param>
    /// <param name="cancellationToken">Cancels the sweep between calls; uploads already aborted stay aborted.</param>
    /// <returns>What was (or would be) aborted, what was already gone, what was protected, and what failed.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="olderThan"/> is negative.</exception>
    /// <exception cref="TargetException">The listing failed permanently or kept failing.</exception>
    /// <remarks>
    /// When a <see cref="CheckpointStore"/> is configured, uploads that one of its checkpoints for this target records
    /// are never aborted but reported in <see cref="SweepResult.Protected"/>: they can still resume (use
    /// <see cref="AbortAsync"/> for those). A store only knows its own checkpoints: an upload another process drives
    /// with another store, or none, is swept like an orphan once it is old enough, so choose an age longer than your
    /// longest upload.
    /// </remarks>
    public Task<SweepResult> SweepIncompleteUploadsAsync(string bucket, string keyPrefix, TimeSpan olderThan, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        ArgumentNullException.ThrowIfNull(keyPrefix);
        ArgumentOutOfRangeException.ThrowIfLessThan(olderThan, TimeSpan.Zero);
        return new IncompleteUploadSweeper(retrying, new UploadCleanup(retrying, logger), store, timeProvider).SweepAsync(bucket, keyPrefix, olderThan, dryRun, cancellationToken);
    }

    private static readonly BatchOptions SingleFile = new() { FilesInFlight = 1 };

#pragma warning disable CS1998 // one element, no await needed
    private static async IAsyncEnumerable<UploadRequest> AsyncSingle(UploadRequest request)
#pragma warning restore CS1998
    {
        yield return request;
    }

    private static void ValidateRequest(UploadRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
    }

    /// <summary>
    /// Abandons an unfinished batch: deletes its record (<see cref="BatchCheckpoint"/>) and aborts the interrupted
    /// uploads under its destination (each checkpoint of this target whose object is under <paramref name="keyPrefix"/>,
    /// as <see cref="AbortAsync"/> does for one file). Objects already completed stay.
    /// </summary>
    /// <param name="batchId">The batch's name (<see cref="BatchOptions.BatchId"/>, or <see cref="BatchCheckpoint.BatchId"/> as listed).</param>
    /// <param name="bucket">The bucket or container the batch uploads to (empty for a local folder).</param>
    /// <param name="keyPrefix">The key prefix of the batch's objects; empty for the whole bucket.</param>
    /// <param name="cancellationToken">Cancels the call; what was removed stays removed.</param>
    /// <returns>What was removed; nothing when no checkpoint store is configured.</returns>
    /// <exception cref="CheckpointLockedException">The batch, or one of its files, is running in another process.</exception>
    public Task<BatchAbortResult> AbortBatchAsync(string batchId, string bucket, string keyPrefix, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(batchId);
        ArgumentNullException.ThrowIfNull(bucket);
        ArgumentNullException.ThrowIfNull(keyPrefix);
        return store is null
            ? Task.FromResult(new BatchAbortResult { BatchCheckpointsDeleted = 0, AbortedUploads = [] })
            : new BatchAborter(store, target.Identity, AbortAsync).AbortAsync(batchId, bucket, keyPrefix, cancellationToken);
    }
}
