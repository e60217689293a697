using System.Diagnostics;
using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks.Dataflow;
using ResumableUpload.Hashing;
using ResumableUpload.Telemetry;

namespace ResumableUpload.Pipeline;

/// <summary>
/// The whole upload graph in one place:
/// <code>
/// slicer ──► hasher ──► uploader ──► committer
/// (PipeReader   (CRC, MD5   (threads in   (one writer: checkpoint
///  → pooled      opt.)       parallel,     store, then progress)
///  buffers)                  retry/part)
/// </code>
/// Every link is bounded and the buffer pool holds at most threads + 2 part buffers, so memory stays near
/// part size × (threads + 2) whatever the file size. A buffer goes back to the pool as soon as its part is sent.
/// The first failure cancels every step; cancellation leaves the checkpoint valid for the next call.
/// </summary>
internal sealed class UploadGraph
{
    private readonly UploadContext context;
    private readonly CancellationToken caller;
    private readonly CancellationTokenSource stop;
    private ExceptionDispatchInfo? firstFailure;

    private UploadGraph(UploadContext context, CancellationToken cancellationToken)
    {
        this.context = context;
        caller = cancellationToken;
        stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    public static async Task RunAsync(UploadContext context, IReadOnlyList<PartSpec> parts, CancellationToken cancellationToken)
    {
        var graph = new UploadGraph(context, cancellationToken);
        try
        {
            await graph.RunAsync(parts).ConfigureAwait(false);
        }
        finally
        {
            graph.stop.Dispose();
        }

        graph.firstFailure?.Throw();
        cancellationToken.ThrowIfCancellationRequested();
    }

    private async Task RunAsync(IReadOnlyList<PartSpec> parts)
    {
        var threads = context.Threads;
        var header = context.Header;
        using var pool = new PartBufferPool(header.PartSize, threads + 2, context.StreamParts, context.Memory);
        var token = stop.Token;
        var hashers = Math.Clamp(Environment.ProcessorCount, 1, threads);

        // Hashing is CPU work (or a synchronous file read for streamed parts): a synchronous delegate, so that Dataflow
        // needs no task and no continuation per part. The upload step's delegate is made once, not once per part.
        var hasher = new TransformBlock<PartBuffer, PartBuffer>(
            Hash,
            new ExecutionDataflowBlockOptions { MaxDegreeOfParallelism = hashers, BoundedCapacity = hashers + 1, EnsureOrdered = false, CancellationToken = token });
        Func<PartBuffer, Task<PartRecord>> upload = UploadAsync;
        var uploader = new TransformBlock<PartBuffer, PartRecord>(
            part => Guard(part, upload),
            new ExecutionDataflowBlockOptions { MaxDegreeOfParallelism = threads, BoundedCapacity = threads, EnsureOrdered = false, CancellationToken = token });
        // The committer stops at once only for the caller's cancellation. After a failure elsewhere it still records the
        // parts already on the server that reached it (a fault would drop them), so the next call resumes them
        // instead of sending them again; it gets no new parts, since the uploader stops.
        var committer = new ActionBlock<PartRecord>(
            CommitAsync,
            new ExecutionDataflowBlockOptions { MaxDegreeOfParallelism = 1, BoundedCapacity = threads * 2, CancellationToken = caller });

        var link = new DataflowLinkOptions { PropagateCompletion = true };
        using (hasher.LinkTo(uploader, link))
        using (uploader.LinkTo(committer))
        {
            _ = uploader.Completion.ContinueWith(static (_, block) => ((IDataflowBlock)block!).Complete(), committer, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            try
            {
                await foreach (var part in Slicer.ReadAsync(context.Source, parts, pool, token).ConfigureAwait(false))
                {
                    if (!await hasher.SendAsync(part, token).ConfigureAwait(false))
                    {
                        part.Dispose();
                        break;
                    }
                }

                hasher.Complete();
            }
            catch (Exception ex)
            {
                Fail(ex);
                ((IDataflowBlock)hasher).Fault(ex);
            }

            try
            {
                // Wait for every step, not just the last, so no delegate outlives the graph.
                await Task.WhenAll(hasher.Completion, uploader.Completion, committer.Completion).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Fail(ex);
            }
        }
    }

    private PartBuffer Hash(PartBuffer part)
    {
        try
        {
            var header = context.Header;
            part.Checksums = part.IsBuffered
                ? PartHasher.Compute(header.Algorithm, header.ContentMd5, part.Memory.Span)
                : PartHasher.Compute(header.Algorithm, header.ContentMd5, context.Source, part.Spec.Offset, part.Spec.Length, stop.Token);
            return part;
        }
        catch (Exception ex)
        {
            part.Dispose();
            Fail(ex);
            throw;
        }
    }

    private async Task<PartRecord> UploadAsync(PartBuffer part)
    {
        using (part)
        {
            var header = context.Header;
            var spec = part.Spec;
            using var activity = UploadTelemetry.ActivitySource.StartActivity("UploadPart");
            activity?.SetTag("resumableupload.part.number", spec.Number);
            var started = Stopwatch.GetTimestamp();
            var request = new PartUploadRequest(header.Location, header.UploadId, spec.Number, spec.Length, part.Checksums, () => part.OpenStream(context.Source)) { ObjectOffset = spec.Offset };
            var uploaded = await context.Target.UploadPartAsync(request, stop.Token).ConfigureAwait(false);
            UploadTelemetry.PartDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
            UploadTelemetry.PartsUploaded.Add(1);
            UploadTelemetry.BytesUploaded.Add(spec.Length);
            return new PartRecord(spec.Number, spec.Offset, spec.Length, uploaded.ETag, part.Checksums.Crc, part.Checksums.Md5Base64);
        }
    }

    private async Task CommitAsync(PartRecord record)
    {
        try
        {
            // A commit that has started finishes: the part is on the server, so recording it is never wasted.
            await context.Lease.CommitPartAsync(record, CancellationToken.None).ConfigureAwait(false);
            context.Ledger.Add(record);
            context.Progress.PartDone(record.Length);
        }
        catch (Exception ex)
        {
            Fail(ex);
            throw;
        }
    }

    private async Task<TResult> Guard<TResult>(PartBuffer part, Func<PartBuffer, Task<TResult>> step)
    {
        try
        {
            return await step(part).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            part.Dispose();
            Fail(ex);
            throw;
        }
    }

    private void Fail(Exception ex)
    {
        // Dataflow wraps a propagated fault in AggregateException; look through it for the real cause.
        ex = RootCause(ex);

        // The first real failure wins; cancellations that it (or the caller) caused downstream are noise.
        if (ex is OperationCanceledException && (stop.IsCancellationRequested || firstFailure is not null))
        {
            stop.Cancel();
            return;
        }

        // So is Dataflow's own bookkeeping tripping while linked blocks cancel together: a target releasing a postponed
        // message whose source completed in between throws "The target does not have the message reserved".
        if (stop.IsCancellationRequested && IsDataflowBookkeeping(ex))
        {
            return;
        }

        Interlocked.CompareExchange(ref firstFailure, ExceptionDispatchInfo.Capture(ex), null);
        stop.Cancel();
    }

    private static bool IsDataflowBookkeeping(Exception ex)
        => ex is InvalidOperationException && ex.StackTrace is { } trace && trace.Contains("System.Threading.Tasks.Dataflow.Internal.", StringComparison.Ordinal);

    private static Exception RootCause(Exception ex)
    {
        while (ex is AggregateException aggregate && aggregate.InnerExceptions.Count > 0)
        {
            ex = aggregate.InnerExceptions.FirstOrDefault(e => RootCause(e) is not OperationCanceledException) ?? aggregate.InnerExceptions[0];
        }

        return ex;
    }
}
