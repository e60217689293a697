using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using System.Threading.Tasks.Dataflow;
using ResumableUpload.Batch;
using ResumableUpload.Cleanup;
using ResumableUpload.Engine;
using ResumableUpload.Pipeline;
using ResumableUpload.Telemetry;

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
    /// <exception cref="ValidationException">The options are invalid; the message lists every problem.</exception>
    public ResumableUploader(IMultipartTarget target, ICheckpointStore? checkpointStore = null, UploadOptions? options = null, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
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
        engine = new TransferEngine(target, store, this.options, this.timeProvider, logger);
        retrying = engine.Target;
    }

    /// <summary>Gets the engine every upload of this uploader shares (for tests and benchmarks).</summary>
    internal TransferEngine Engine => engine;

    /// <summary>Gets the target.</summary>
    public IMultipartTarget Target => target;

    /// <summary>Gets the checkpoint store, or <see langword="null"/> when resume is off.</summary>
    public ICheckpointStore? CheckpointStore => store;

    /// <summary>
    /// Uploads a file, resuming from its checkpoint when a valid one exists. Files no larger than one part go in a
    /// single request; an empty file becomes an empty object.
    /// </summary>
    /// <param name="request">The file and the object.</param>
    /// <param name="cancellationToken">Stops the upload promptly, leaving a valid checkpoint.</param>
    /// <returns>The object.</returns>
    /// <exception cref="FileNotFoundException">The source file does not exist.</exception>
    /// <exception cref="ArgumentException">The request is invalid (for example the source is a directory).</exception>
    /// <exception cref="CheckpointLockedException">Another process is uploading this file to this object.</exception>
    /// <exception cref="SourceChangedException">The file changed during the upload; nothing was completed.</exception>
    /// <exception cref="ChecksumMismatchException">The target reports another whole-object CRC.</exception>
    /// <exception cref="TargetException">The target failed permanently or kept failing; the checkpoint is kept.</exception>
    public async Task<UploadResult> UploadAsync(UploadRequest request, CancellationToken cancellationToken = default)
    {
        ValidateRequest(request);
        using var activity = UploadTelemetry.ActivitySource.StartActivity("Upload");
        activity?.SetTag("resumableupload.key", request.Key);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await new UploadSession(engine).RunAsync(request, cancellationToken).ConfigureAwait(false);
            UploadTelemetry.UploadCompleted(activity, result);
            return result;
        }
        catch (Exception ex)
        {
            UploadTelemetry.UploadFailed(activity, ex);
            throw;
        }
        finally
        {
            UploadTelemetry.UploadDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
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

        var key = CheckpointKey.For(request.SourcePath, target.Identity, request.Location);
        var lease = await store.AcquireAsync(key, cancellationToken).ConfigureAwait(false);
        await using (lease.ConfigureAwait(false))
        {
            UploadCheckpoint? checkpoint;
            try
            {
                checkpoint = await lease.LoadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (CheckpointCorruptException)
            {
                checkpoint = null;
                await lease.DeleteAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }

            if (checkpoint is null)
            {
                return false;
            }

            var planner = new ResumePlanner(retrying, logger);
            await lease.EnsureHeldAsync(cancellationToken).ConfigureAwait(false); // abort only an upload this lease still owns
            if (checkpoint.Header.UploadId.Length == 0)
            {
                await planner.AbortAllForKeyAsync(checkpoint.Header.Location, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await planner.AbortAsync(checkpoint.Header.Location, checkpoint.Header.UploadId, cancellationToken).ConfigureAwait(false);
            }

            await lease.DeleteAsync(cancellationToken).ConfigureAwait(false);
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
        return new IncompleteUploadSweeper(retrying, store, timeProvider).SweepAsync(bucket, keyPrefix, olderThan, dryRun, cancellationToken);
    }

    private static void ValidateRequest(UploadRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.SourcePath, "request.SourcePath");
        ArgumentException.ThrowIfNullOrEmpty(request.Key, "request.Key");
        ArgumentNullException.ThrowIfNull(request.Bucket, "request.Bucket");
        ArgumentNullException.ThrowIfNull(request.Properties, "request.Properties");
    }
}
