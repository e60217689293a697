using System.Buffers;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;
using ResumableUpload.Cleanup;
using ResumableUpload.Engine;
using ResumableUpload.Hashing;
using ResumableUpload.Sources;
using ResumableUpload.Telemetry;

namespace ResumableUpload.Pipeline;

/// <summary>One call of <see cref="ResumableUploader.UploadAsync"/>: plan, run the graph, complete, clean up.</summary>
internal sealed partial class UploadSession(TransferEngine engine)
{
    private readonly RetryingMultipartTarget target = engine.Target;
    private readonly ICheckpointStore? store = engine.Store;
    private readonly UploadOptions options = engine.Options;
    private readonly TimeProvider time = engine.Time;
    private readonly ILogger logger = engine.Logger;
    private readonly UploadSteps steps = new(engine);
    private readonly UploadCleanup cleanup = new(engine.Target, engine.Logger);

    public async Task<UploadResult> RunAsync(UploadRequest request, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(request.FilePath);
        var location = request.Location;
        using var source = SourceFile.Open(path);
        var identity = SourceFile.Identify(path, source);
        // The layout is computed once, here: the header, the planner's ledger check and the parts to send all use it (a
        // resumed checkpoint has the same part size and count, or the planner discards it).
        var layout = PartLayout.Compute(identity.Length, options.PartSize, target.Capabilities);
        var key = CheckpointKey.For(path, target.Identity, location);
        var expected = new CheckpointHeader
        {
            TargetIdentity = target.Identity,
            Location = location,
            UploadId = string.Empty,
            Source = identity,
            PartSize = layout.PartSize,
            PartCount = layout.PartCount,
            Algorithm = options.Checksum,
            ContentMd5 = options.ContentMd5,
            CreatedAt = time.GetUtcNow(),
        };

        // A file sent in one request writes no checkpoint: when the store holds nothing for it either (no earlier
        // multipart upload to abort, no live holder), it needs no lease (DECISIONS 45).
        var leaseless = store is null || (layout.PartCount <= 1 && !await store.MayHoldAsync(key, cancellationToken).ConfigureAwait(false));
        var lease = leaseless ? new EphemeralLease(key) : await store!.AcquireAsync(key, cancellationToken).ConfigureAwait(false);
        await using (lease.ConfigureAwait(false))
        {
            try
            {
                return await RunAsync(request, source, lease, expected, layout, cancellationToken).ConfigureAwait(false);
            }
            catch (SourceEndedException ex)
            {
                // Found while verifying resumed parts or sending a single put: nothing to abort, name the file.
                throw ex.ToSourceChanged(path);
            }
        }
    }

    private async Task<UploadResult> RunAsync(UploadRequest request, SafeFileHandle source, ICheckpointLease lease, CheckpointHeader expected, PartLayout layout, CancellationToken cancellationToken)
    {
        var resumed = await PlanAsync(lease, expected, layout, source, cancellationToken).ConfigureAwait(false);
        if (resumed is null && layout.PartCount <= 1)
        {
            return await PutAsync(request, source, lease, expected, layout.PartSize, cancellationToken).ConfigureAwait(false);
        }

        return await UploadInPartsAsync(request, source, lease, expected, layout, resumed, cancellationToken).ConfigureAwait(false);
    }

    private async Task<UploadResult> PutAsync(UploadRequest request, SafeFileHandle source, ICheckpointLease lease, CheckpointHeader expected, long partSize, CancellationToken cancellationToken)
    {
        var length = expected.Source.Length;
        var progress = engine.Progress(request.Progress, length, 1);
        progress.Report();
        // The buffer comes from the engine's memory, in a size class (PartMemory.SizeClass: small powers of two, else
        // the part size) so files of any size reuse one another's arrays, and its whole class is reserved in the one
        // budget: no array outside it (the shared ArrayPool kept part-sized arrays alive per thread, past any budget).
        var memory = engine.Memory;
        var sizeClass = PartMemory.SizeClass(length, memory.Budget.Capacity, partSize);
        var buffered = length <= options.MemoryBudget && sizeClass <= memory.Budget.Capacity;
        if (buffered)
        {
            await memory.Budget.AcquireAsync(sizeClass, cancellationToken).ConfigureAwait(false);
        }

        byte[]? buffer = buffered ? memory.Take((int)sizeClass) : null;
        try
        {
            PartChecksums sums;
            if (buffer is not null)
            {
                var read = 0;
                while (read < length)
                {
                    var n = await RandomAccess.ReadAsync(source, buffer.AsMemory(read, (int)length - read), read, cancellationToken).ConfigureAwait(false);
                    if (n == 0)
                    {
                        throw new SourceChangedException($"The source '{expected.Source.Path}' was truncated while it was read.");
                    }

                    read += n;
                }

                sums = PartHasher.Compute(expected.Algorithm, expected.ContentMd5, target.Capabilities.WantsPayloadSha256, buffer.AsSpan(0, (int)length));
            }
            else
            {
                sums = await PartHasher.ComputeAsync(expected.Algorithm, expected.ContentMd5, source, 0, length, cancellationToken).ConfigureAwait(false);
            }

            EnsureSourceUnchanged(expected);
            var content = buffer is not null
                ? new MemoryStream(buffer, 0, (int)length, writable: false, publiclyVisible: true)
                : (Stream)new FileSegmentStream(source, 0, length);
            return await steps.PutAsync(request, lease, expected, content, length, sums, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (buffer is not null)
            {
                memory.Return(buffer);
                memory.Budget.Release(sizeClass);
            }
        }
    }

    private async Task<UploadResult> UploadInPartsAsync(UploadRequest request, SafeFileHandle source, ICheckpointLease lease, CheckpointHeader expected, PartLayout layout, UploadCheckpoint? resumed, CancellationToken cancellationToken)
    {
        var (header, ledger) = await steps.StartOrResumeAsync(lease, expected, resumed, request.Properties, cancellationToken).ConfigureAwait(false);

        var progress = engine.Progress(request.Progress, header.Source.Length, header.PartCount);
        progress.Resumed(ledger.Bytes, ledger.Count);
        progress.Report();

        var todo = new List<PartSpec>(header.PartCount - ledger.Count);
        for (var number = 1; number <= header.PartCount; number++)
        {
            if (!ledger.Contains(number))
            {
                todo.Add(layout.Part(number));
            }
        }

        using var pool = new PartArrayPool(header.PartSize, options.PartsInFlight + 2, engine.StreamsParts(header.PartSize), engine.Memory);
        var graph = new UploadGraph(engine, lease, header, source, pool, ledger, progress, options.PartsInFlight) { Properties = request.Properties };
        try
        {
            await graph.RunAsync(todo, cancellationToken).ConfigureAwait(false);
            EnsureSourceUnchanged(header);
        }
        catch (SourceChangedException ex)
        {
            // Found by the session itself (EnsureSourceUnchanged), which names the file.
            await GiveUpAsync(lease, header, ex.Message).ConfigureAwait(false);
            throw;
        }
        catch (SourceEndedException ex)
        {
            // Found while reading a part (the file ended early), where only offsets are known: name the file.
            await GiveUpAsync(lease, header, ex.Message).ConfigureAwait(false);
            throw ex.ToSourceChanged(header.Source.Path);
        }
        catch (Exception) when (store is null)
        {
            // Without a checkpoint store nothing can resume this upload: do not leave its parts behind.
            await cleanup.AbortAsync(header.Location, header.UploadId, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not CheckpointLockedException)
        {
            // A holder that stalled past its lease fails on the upload the successor now drives (a part to a completed
            // upload, say): the root cause is the lost lease, so say that, with the same code as a fenced commit.
            await UploadSteps.ThrowIfLeaseLostAsync(lease, ex).ConfigureAwait(false);
            throw;
        }

        var (completed, crc) = await steps.CompleteAsync(lease, header, ledger.InOrder(), request.Properties, cancellationToken).ConfigureAwait(false);
        return UploadSteps.Result(header, completed, crc, header.Source.Length, resumed);
    }

    private static void EnsureSourceUnchanged(CheckpointHeader header)
    {
        var now = SourceFile.IdentifyPath(header.Source.Path);
        var reason = now is null ? "the source file was deleted" : header.Source.DescribeDifference(now);
        if (reason is not null)
        {
            throw new SourceChangedException($"The source '{header.Source.Path}' changed during the upload ({reason}); the object was not completed. Run the upload again to send the new content.");
        }
    }

    private async Task GiveUpAsync(ICheckpointLease lease, CheckpointHeader header, string reason)
    {
        Log.SourceChanged(logger, header.Source.Path, header.UploadId, reason);
        await cleanup.DiscardCheckpointAsync(lease, UploadsToAbort.One(header.Location, header.UploadId), CancellationToken.None).ConfigureAwait(false);
    }
}
