using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks.Dataflow;
using Microsoft.Win32.SafeHandles;
using ResumableUpload.Hashing;
using ResumableUpload.Telemetry;

namespace ResumableUpload.Pipeline;

/// <summary>
/// The whole upload graph of one file, in one place:
/// <code>
///   +------------- TransferEngine: one per uploader, shared by every upload (single, batch, concurrent) -------------+
///   |  ByteBudget / PartMemory: the bytes of every part buffer     RequestSlots: the requests in flight, per attempt  |
///   +----------^------------------------------------------------------------------------^-----------------------------+
///              | a pool slot, then the part's bytes                                       | a slot per attempt, in the
///              | (PartArrayPool, PartsInFlight + 2 slots)                                      | retry layer (RetryingMultipartTarget)
///   part list  |                                                                          |
///   --------> slicer -------------> hasher ------------> uploader -------------> committer --> ledger, progress
///             (SlicerBlock:         (CRC, MD5 opt.;      (PartsInFlight parts at      (one writer: checkpoint
///              PipeReader into       up to cores)         once; the buffer goes   store, then ledger and
///              pooled buffers,                            back when sent)         progress)
///              no copy)
/// </code>
/// Every link is bounded and the pool holds at most threads + 2 part buffers, whose bytes come from the engine's one
/// budget, so memory stays near part size x (threads + 2) per upload and under the budget for all of them together.
/// No block gets a CancellationToken and no delegate lets an exception out but OperationCanceledException, which
/// Dataflow takes as "drop this item": so no block ever faults or is cancelled, every block drains and completes
/// through its links, and no Dataflow bookkeeping exception (a reservation released after its source was cancelled)
/// can arise. The first failure is recorded (<see cref="Fail"/>) and cancels the graph's stop token: the slicer
/// stops reading and each step drops (disposes) what reaches it. Cancellation leaves the checkpoint valid.
/// </summary>
/// <param name="engine">The engine: its target (behind the retry layer and request slots), bandwidth cap and instruments.</param>
/// <param name="lease">The checkpoint lease the committer records parts through.</param>
/// <param name="header">The upload: object, upload id, checksum settings.</param>
/// <param name="source">The open source file, or <see langword="null"/> for a stream (whose parts are always buffered).</param>
/// <param name="pool">This upload's part buffers, under the engine's one memory budget.</param>
/// <param name="ledger">The finished parts, resumed ones included; written only by the committer.</param>
/// <param name="progress">Parts advance it only in the committer; bytes in flight, from each part's metered stream.</param>
/// <param name="threads">The most parts of this upload in flight.</param>
internal sealed class UploadGraph(Engine.TransferEngine engine, ICheckpointLease lease, CheckpointHeader header, SafeFileHandle? source, PartArrayPool pool, PartLedger ledger, ProgressTracker progress, int threads)
{
    private readonly RetryingMultipartTarget target = engine.Target;
    private readonly KeyValuePair<string, object?> kind = UploadMetrics.Kind(engine.TargetKind);
    private CancellationToken caller;

    /// <summary>Gets the object's properties, which every part carries (a target may need them again: an S3 SSE-C key).</summary>
    public ObjectProperties Properties { get; init; } = ObjectProperties.Empty;

    private CancellationTokenSource stop = null!;
    private ExceptionDispatchInfo? firstFailure;

    /// <summary>Sends <paramref name="parts"/> of the file and records each in the ledger; throws the first failure. Runs once.</summary>
    public Task RunAsync(IReadOnlyList<PartSpec> parts, CancellationToken cancellationToken)
        => RunAsync(
            (fail, stopToken) =>
            {
                var slicer = SlicerBlock.Create(source!, pool, fail, stopToken);
                slicer.Post(parts);
                slicer.Complete();
                return slicer;
            },
            cancellationToken);

    /// <summary>
    /// Sends the parts <paramref name="createSlicer"/>'s block emits (a stream's reader, given the graph's failure
    /// sink and stop token) and records each in the ledger; throws the first failure. Runs once.
    /// </summary>
    public async Task RunAsync(Func<Action<Exception>, CancellationToken, ISourceBlock<SlicedPart>> createSlicer, CancellationToken cancellationToken)
    {
        caller = cancellationToken;
        using (stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            await RunAsync(createSlicer).ConfigureAwait(false);
        }

        firstFailure?.Throw();
        cancellationToken.ThrowIfCancellationRequested();
    }

    private async Task RunAsync(Func<Action<Exception>, CancellationToken, ISourceBlock<SlicedPart>> createSlicer)
    {
        var hashers = Math.Clamp(Environment.ProcessorCount, 1, threads);

        // Hashing is CPU work (or a synchronous file read for streamed parts): a synchronous delegate, so that Dataflow
        // needs no task and no continuation per part.
        var hasher = new TransformBlock<SlicedPart, SlicedPart>(
            Hash,
            new ExecutionDataflowBlockOptions { MaxDegreeOfParallelism = hashers, BoundedCapacity = hashers + 1, EnsureOrdered = false });
        var uploader = new TransformBlock<SlicedPart, Finished>(
            UploadAsync,
            new ExecutionDataflowBlockOptions { MaxDegreeOfParallelism = threads, BoundedCapacity = threads, EnsureOrdered = false });

        // The committer stops at once only for the caller's cancellation. After a failure elsewhere it still records the
        // parts already on the server that reach it, so the next call resumes them instead of sending them again.
        var committer = new ActionBlock<Finished>(
            CommitAsync,
            new ExecutionDataflowBlockOptions { MaxDegreeOfParallelism = 1, BoundedCapacity = threads * 2 });

        var link = new DataflowLinkOptions { PropagateCompletion = true };
        var slicer = createSlicer(Fail, stop.Token);
        using (slicer.LinkTo(hasher, link))
        using (hasher.LinkTo(uploader, link))
        using (uploader.LinkTo(committer, link))
        {
            // Wait for every step, not just the last, so no delegate outlives the graph. They complete, never fault.
            await Task.WhenAll(slicer.Completion, hasher.Completion, uploader.Completion, committer.Completion).ConfigureAwait(false);
        }
    }

    private SlicedPart Hash(SlicedPart part)
    {
        try
        {
            stop.Token.ThrowIfCancellationRequested();
            if (part.Verified is not null)
            {
                return part;
            }

            part.Checksums = part.IsBuffered
                ? PartHasher.Compute(header.Algorithm, header.ContentMd5, target.Capabilities.WantsPayloadSha256, part.Memory.Span)
                : PartHasher.Compute(header.Algorithm, header.ContentMd5, source!, part.Spec.Offset, part.Spec.Length, stop.Token);
            return part;
        }
        catch (Exception ex)
        {
            part.Dispose();
            throw Drop(ex);
        }
    }

    private async Task<Finished> UploadAsync(SlicedPart part)
    {
        PartFlow? flow = null;
        try
        {
            using (part)
            {
                stop.Token.ThrowIfCancellationRequested();
                if (part.Verified is { } verified)
                {
                    return new Finished(verified, Sent: false);
                }

                var spec = part.Spec;
                using var activity = UploadTelemetry.ActivitySource.StartActivity("UploadPart");
                activity?.SetTag("resumableupload.part.number", spec.Number);
                var started = Stopwatch.GetTimestamp();
                flow = progress.StartPart();
                var request = new PartUploadRequest(header.Location, header.UploadId, spec.Number, spec.Length, part.Checksums, () => engine.Meter(part.OpenStream(source!), flow)) { ObjectOffset = spec.Offset, Properties = Properties };
                var uploaded = await target.UploadPartAsync(request, stop.Token).ConfigureAwait(false);
                engine.Metrics.PartDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, kind);
                engine.Metrics.PartsUploaded.Add(1, kind);
                engine.Metrics.BytesUploaded.Add(spec.Length, kind);
                return new Finished(new PartRecord(spec.Number, spec.Offset, spec.Length, uploaded.ETag, part.Checksums.Crc, part.Checksums.Md5Base64), Sent: true, flow);
            }
        }
        catch (Exception ex)
        {
            flow?.Dispose();
            throw Drop(ex);
        }
    }

    private async Task CommitAsync(Finished finished)
    {
        try
        {
            caller.ThrowIfCancellationRequested();
            var record = finished.Record;
            if (!finished.Sent)
            {
                // A replayed part the checkpoint already records with these bytes: into this run's ledger, not the store.
                ledger.Add(record);
                progress.PartVerified(record.Length);
                return;
            }

            // A commit that has started finishes: the part is on the server, so recording it is never wasted.
            await lease.CommitPartAsync(record, CancellationToken.None).ConfigureAwait(false);
            ledger.Add(record);
            progress.PartDone(record.Length, finished.Flow);
        }
        catch (Exception ex)
        {
            finished.Flow?.Dispose();
            throw Drop(ex);
        }
    }

    /// <summary>Records a step's failure and returns what makes Dataflow drop the item instead of faulting the block.</summary>
    private OperationCanceledException Drop(Exception ex)
    {
        Fail(ex);
        return ex as OperationCanceledException ?? new OperationCanceledException(stop.Token);
    }

    private void Fail(Exception ex)
    {
        // The first real failure wins; cancellations that it (or the caller) caused are noise.
        if (ex is OperationCanceledException && stop.IsCancellationRequested)
        {
            return;
        }

        Interlocked.CompareExchange(ref firstFailure, ExceptionDispatchInfo.Capture(ex), null);
        stop.Cancel();
    }
}

/// <summary>A part the uploader is done with: sent now (its bytes still in flight until committed), or verified against the checkpoint (a replayed stream).</summary>
internal readonly record struct Finished(PartRecord Record, bool Sent, PartFlow? Flow = null);
