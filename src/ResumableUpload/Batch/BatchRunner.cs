using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using ResumableUpload.Engine;
using ResumableUpload.Pipeline;
using ResumableUpload.Sources;
using ResumableUpload.Telemetry;

namespace ResumableUpload.Batch;

/// <summary>
/// Runs a batch through the uploader's one engine: takes requests lazily (never listing everything first), keeps at
/// most <see cref="BatchOptions.FilesInFlight"/> files uploading, skips the files the batch ledger records as done,
/// records each finished file, and yields one outcome per file as each finishes. Memory stays flat with the file
/// count: requests in flight and the outcomes not yet read are all it holds (plus the ledger's fingerprints on resume).
/// </summary>
internal sealed class BatchRunner(TransferEngine engine, BatchOptions options)
{
    private readonly BatchProgressTracker tracker = new(options.Progress, options.ProgressInterval);
    private readonly Channel<UploadOutcome> outcomes = Channel.CreateBounded<UploadOutcome>(new BoundedChannelOptions(options.FilesInFlight) { SingleReader = true });
    private BatchLedger? ledger;
    private ExceptionDispatchInfo? batchFailure;
    private int failures;
    private int stoppedByPolicy;

    /// <summary>Runs the batch; the enumeration ends when every file has ended (or throws what stopped the whole batch).</summary>
    public async IAsyncEnumerable<UploadOutcome> RunAsync(IAsyncEnumerable<UploadRequest> requests, BatchScope scope, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var readerGone = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var stopFiles = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = ProduceAsync(requests, scope, stopFiles, readerGone.Token, cancellationToken);
        try
        {
            while (await outcomes.Reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                while (outcomes.Reader.TryRead(out var outcome))
                {
                    yield return outcome;
                }
            }
        }
        finally
        {
            // Left early (break, or the reader failed): stop the files and wait, so nothing outlives the enumeration.
            stopFiles.Cancel();
            readerGone.Cancel();
            await producer.ConfigureAwait(false);
        }

        batchFailure?.Throw();
        cancellationToken.ThrowIfCancellationRequested();
    }

    private async Task ProduceAsync(IAsyncEnumerable<UploadRequest> requests, BatchScope scope, CancellationTokenSource stopFiles, CancellationToken readerGone, CancellationToken caller)
    {
        await Task.Yield();
        var slots = new SemaphoreSlim(options.FilesInFlight, options.FilesInFlight);
        try
        {
            if (scope.BatchId is not null && engine.Store is not null)
            {
                ledger = await BatchLedger.OpenAsync(engine.Store, scope.BatchId, engine.Target.Identity, scope.Bucket, scope.KeyPrefix, engine.Options.Checksum, engine.Time, engine.Logger, caller).ConfigureAwait(false);
            }

            try
            {
                await foreach (var request in requests.WithCancellation(stopFiles.Token).ConfigureAwait(false))
                {
                    await slots.WaitAsync(stopFiles.Token).ConfigureAwait(false);
                    if (stopFiles.IsCancellationRequested)
                    {
                        // A slot freed as the stop came may still be granted: start nothing after a stop.
                        slots.Release();
                        break;
                    }

                    // Found as soon as it is taken (a stat, so the bytes count too): the totals never lag the listing.
                    var identity = TryIdentify(request);
                    tracker.Found(identity?.Length ?? -1);
                    _ = RunFileAsync(request!, identity, slots, stopFiles, readerGone);
                }

                if (!stopFiles.IsCancellationRequested)
                {
                    tracker.ListingComplete();
                }
            }
            catch (OperationCanceledException) when (stopFiles.IsCancellationRequested && !caller.IsCancellationRequested)
            {
                // Stopped by the failure policy, or the reader left: the files in flight end as failed or unread.
            }
            finally
            {
                for (var i = 0; i < options.FilesInFlight; i++)
                {
                    await slots.WaitAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }

            caller.ThrowIfCancellationRequested();
            if (ledger is not null && Volatile.Read(ref failures) == 0 && Volatile.Read(ref stoppedByPolicy) == 0 && !readerGone.IsCancellationRequested)
            {
                await ledger.DeleteAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !caller.IsCancellationRequested)
        {
            batchFailure = ExceptionDispatchInfo.Capture(ex);
        }
        catch (OperationCanceledException)
        {
            // The caller cancelled: RunAsync throws it.
        }
        finally
        {
            if (ledger is not null)
            {
                await ledger.DisposeAsync().ConfigureAwait(false);
            }

            slots.Dispose();
            tracker.Report(force: true);
            outcomes.Writer.TryComplete();
        }
    }

    private async Task RunFileAsync(UploadRequest request, SourceIdentity? identity, SemaphoreSlim slots, CancellationTokenSource stopFiles, CancellationToken readerGone)
    {
        await Task.Yield();
        UploadOutcome outcome;
        long length = -1;
        try
        {
            ValidateRequest(request);
            length = identity?.Length ?? -1;
            var fingerprint = identity is not null && ledger is not null ? BatchLedger.Fingerprint(identity, request.Location) : null;
            if (fingerprint is not null && ledger!.IsDone(fingerprint))
            {
                tracker.Skipped(length);
                outcome = new UploadOutcome { Request = request, Status = UploadOutcomeStatus.Skipped, Length = length };
            }
            else
            {
                var relay = tracker.ForFile(request.Progress ?? options.FileProgress?.Invoke(request));
                var result = await UploadFileAsync(WithProgress(request, relay), stopFiles.Token).ConfigureAwait(false);
                if (fingerprint is not null)
                {
                    await ledger!.RecordAsync(fingerprint, result.Length, result.Crc, CancellationToken.None).ConfigureAwait(false);
                }

                tracker.Uploaded(relay.Remaining(result.Length));
                outcome = new UploadOutcome { Request = request, Status = UploadOutcomeStatus.Uploaded, Result = result, Length = result.Length };
            }
        }
        catch (Exception ex)
        {
            if (ex is not OperationCanceledException || !stopFiles.IsCancellationRequested)
            {
                tracker.Failed(); // a file stopped by a stop or a cancel has not failed
            }

            Interlocked.Increment(ref failures);
            if (options.FailurePolicy == BatchFailurePolicy.StopOnFirstFailure && ex is not OperationCanceledException && Interlocked.Exchange(ref stoppedByPolicy, 1) == 0)
            {
                await stopFiles.CancelAsync().ConfigureAwait(false);
            }

            outcome = new UploadOutcome { Request = request, Status = UploadOutcomeStatus.Failed, Error = ex, IsResumable = IsResumable(ex), Length = length };
        }

        try
        {
            await outcomes.Writer.WriteAsync(outcome, readerGone).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Nobody reads any more.
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>One file through the engine, as one <c>Upload</c> activity with its duration.</summary>
    private async Task<UploadResult> UploadFileAsync(UploadRequest request, CancellationToken cancellationToken)
    {
        using var activity = UploadTelemetry.ActivitySource.StartActivity(UploadTelemetry.UploadActivity);
        activity?.SetTag("resumableupload.key", request.Key);
        activity?.SetTag(UploadMetrics.TargetKindTag, engine.TargetKind);
        var started = Stopwatch.GetTimestamp();
        var outcome = UploadTelemetry.Failed;
        try
        {
            request.Properties.Validate(engine.Target.Capabilities);
            var result = request.Source is StreamSource or ReopenableSource
                ? await new StreamUploadSession(engine).RunAsync(request, cancellationToken).ConfigureAwait(false)
                : await new UploadSession(engine).RunAsync(request, cancellationToken).ConfigureAwait(false);
            UploadTelemetry.UploadCompleted(activity, result);
            outcome = UploadTelemetry.Completed;
            return result;
        }
        catch (Exception ex)
        {
            UploadTelemetry.UploadFailed(activity, ex);
            outcome = UploadTelemetry.OutcomeOf(ex);
            throw;
        }
        finally
        {
            engine.Metrics.UploadDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, UploadMetrics.KindAndOutcome(engine.TargetKind, outcome));
        }
    }

    /// <summary>Whether running the batch again can be expected to finish the file without a fix first.</summary>
    private static bool IsResumable(Exception ex) => ex switch
    {
        SourceChangedException or ChecksumMismatchException or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or ArgumentException => false,
        TargetException target => !target.IsConfigurationError && target.Kind != TargetErrorKind.AccessDenied,
        _ => true,
    };

    /// <summary>The file's identity, or <see langword="null"/> when it cannot be read (the upload then fails with the reason).</summary>
    private static SourceIdentity? TryIdentify(UploadRequest? request)
    {
        try
        {
            return request?.FilePath is { Length: > 0 } source ? SourceFile.IdentifyPath(Path.GetFullPath(source)) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    private static void ValidateRequest(UploadRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
    }

    private static UploadRequest WithProgress(UploadRequest request, IProgress<UploadProgress> progress) => request.WithProgress(progress);
}

/// <summary>What names a batch for its ledger: the id (null: no ledger), and the destination it writes under.</summary>
internal readonly record struct BatchScope(string? BatchId, string Bucket, string KeyPrefix);
