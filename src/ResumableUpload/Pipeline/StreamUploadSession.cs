using Microsoft.Extensions.Logging;
using ResumableUpload.Engine;
using ResumableUpload.Hashing;
using ResumableUpload.Telemetry;

namespace ResumableUpload.Pipeline;

/// <summary>
/// One upload of a forward-only stream of unknown length (<see cref="StreamSource"/>): plan (a replay of its
/// checkpoint, or fresh), read part 1 to choose a single put or parts, run the graph on the stream, complete with
/// exactly this stream's parts. A <see cref="ReopenableSource"/> goes to <see cref="ReopenableUploadSession"/>.
/// </summary>
internal sealed class StreamUploadSession(TransferEngine engine)
{
    private readonly RetryingMultipartTarget target = engine.Target;
    private readonly UploadOptions options = engine.Options;
    private readonly ILogger logger = engine.Logger;
    private readonly UploadSteps steps = new(engine);

    public Task<UploadResult> RunAsync(UploadRequest request, CancellationToken cancellationToken) => request.Source switch
    {
        StreamSource stream => RunAsync(request, stream, cancellationToken),
        ReopenableSource reopenable => new ReopenableUploadSession(engine).RunAsync(request, reopenable, cancellationToken),
        _ => throw new ArgumentException("The request's source is not a stream.", nameof(request)),
    };

    private async Task<UploadResult> RunAsync(UploadRequest request, StreamSource source, CancellationToken cancellationToken)
    {
        var schedule = PartSchedule.ForStream(options.PartSize, source.LengthHint, target.Capabilities);
        var expected = new CheckpointHeader
        {
            TargetIdentity = target.Identity,
            Location = request.Location,
            UploadId = string.Empty,
            Source = new SourceIdentity(source.CheckpointId, -1, default, null),
            PartSize = schedule.PartSize,
            PartCount = schedule.MaxPartCount, // the most it may have: its end decides
            PartSizeDoublingInterval = schedule.DoublingInterval,
            Algorithm = options.Checksum,
            ContentMd5 = options.ContentMd5,
            CreatedAt = engine.Time.GetUtcNow(),
        };

        var key = CheckpointKey.ForSource(source.CheckpointId, target.Identity, request.Location);
        var lease = engine.Store is null ? new EphemeralLease(key) : await engine.Store.AcquireAsync(key, cancellationToken).ConfigureAwait(false);
        await using (lease.ConfigureAwait(false))
        {
            var resumed = await SessionPlanning.PlanAsync(engine, lease, expected, (stored, listing) => ResumePlanner.PlanStream(stored, expected, schedule, listing), cancellationToken).ConfigureAwait(false);
            using var pool = new PartArrayPool(schedule.PartSize, options.PartsInFlight + 2, streamFromFile: false, engine.Memory);
            var first = await StreamSlicer.ReadPartAsync(source.Stream, pool, schedule.Part(1), crc: null, cancellationToken).ConfigureAwait(false);
            try
            {
                var firstCrc = first is null ? 0 : Crc.Compute(expected.Algorithm, first.Memory.Span);
                if (resumed is not null && ResumePlanner.ReplayStart(resumed, first?.Spec, firstCrc) is { } superseded)
                {
                    // No replay: a fresh upload supersedes the old one, which is aborted now, not left behind.
                    Log.CheckpointDiscarded(logger, lease.Key, expected.Location, superseded);
                    await steps.Cleanup.DiscardCheckpointAsync(lease, Cleanup.UploadsToAbort.One(resumed.Header.Location, resumed.Header.UploadId), cancellationToken).ConfigureAwait(false);
                    resumed = null;
                }

                var length = first?.Spec.Length ?? 0;
                if (resumed is null && source.CompleteAtEnd && length < schedule.PartSize)
                {
                    CheckLength(source, length);
                    return await PutAsync(request, lease, expected, first, cancellationToken).ConfigureAwait(false);
                }

                var header = resumed?.Header ?? await steps.StartAsync(lease, expected, request.Properties, cancellationToken).ConfigureAwait(false);
                if (resumed is not null)
                {
                    Log.Resuming(logger, header.UploadId, header.Location, resumed.Parts.Count, header.PartCount);
                }

                var taken = first;
                first = null;
                return await UploadInPartsAsync(request, source, lease, header, schedule, resumed, taken, pool, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                first?.Dispose();
            }
        }
    }

    private async Task<UploadResult> UploadInPartsAsync(UploadRequest request, StreamSource source, ICheckpointLease lease, CheckpointHeader header, PartSchedule schedule, UploadCheckpoint? resumed, SlicedPart? first, PartArrayPool pool, CancellationToken cancellationToken)
    {
        // This run's ledger starts empty: a part enters it when it is sent, or verified against the checkpoint, now.
        var ledger = new PartLedger(64);
        var progress = engine.Progress(request.Progress, source.LengthHint ?? -1, 0);
        progress.Report();
        var end = new StreamEnd();
        var verified = 0;
        var verifiedBytes = 0L;
        if (first is null)
        {
            end.Reached(0, 0);
        }
        else
        {
            var read = new ForwardRead(source.Stream, schedule, first, header.Algorithm, resumed?.Parts.ToDictionary(p => p.PartNumber));
            read.First = await read.ClassifyAsync(first, partCrc: null, pool, cancellationToken).ConfigureAwait(false);
            var graph = new UploadGraph(engine, lease, header, null, pool, ledger, progress, options.PartsInFlight) { Properties = request.Properties };
            try
            {
                await steps.GuardAsync(() => graph.RunAsync((fail, stop) => SlicerBlock.FromReader(ct => StreamSlicer.ReadForwardAsync(read, pool, ct), fail, stop), cancellationToken), lease, header).ConfigureAwait(false);
            }
            finally
            {
                read.First?.Dispose();
            }

            end = read.End;
            if (end.Overflow is { } overflow)
            {
                throw overflow;
            }

            verified = read.VerifiedParts;
            verifiedBytes = read.VerifiedBytes;
        }

        engine.Metrics.PartsResumed.Add(verified, UploadMetrics.Kind(engine.TargetKind));
        progress.Ended(end.Length, end.PartCount);
        CheckLength(source, end.Length);
        var parts = ledger.InOrder().Where(p => p.PartNumber <= end.PartCount).ToList();
        if (parts.Count != end.PartCount)
        {
            throw new InvalidOperationException($"The stream ended after {end.PartCount} parts, but {parts.Count} are recorded.");
        }

        var result = new UploadResult
        {
            Location = header.Location,
            ETag = string.Empty,
            Length = end.Length,
            PartSize = header.PartSize,
            PartCount = end.PartCount,
            ResumedParts = verified,
            ResumedBytes = verifiedBytes,
            Algorithm = header.Algorithm,
            Crc = Crc.CombineParts(header.Algorithm, parts),
            UploadId = header.UploadId,
            Completed = false,
        };
        if (!source.CompleteAtEnd)
        {
            // Every part is sent and recorded: a replay verifies them all and completes.
            return result;
        }

        if (end.PartCount == 0)
        {
            throw new InvalidOperationException("An empty stream has no part to complete.");
        }

        var (completed, crc) = await steps.CompleteAsync(lease, header, parts, request.Properties, cancellationToken).ConfigureAwait(false);
        return result with { ETag = completed.ETag, Crc = crc, CrcVerifiedByTarget = completed.Crc is not null, Completed = true };
    }

    /// <summary>Sends a source no larger than one part, already read into <paramref name="part"/> (<see langword="null"/>: empty), in one request.</summary>
    internal async Task<UploadResult> PutAsync(UploadRequest request, ICheckpointLease lease, CheckpointHeader expected, SlicedPart? part, CancellationToken cancellationToken)
    {
        var length = part?.Spec.Length ?? 0;
        var progress = engine.Progress(request.Progress, length, 1);
        progress.Report();
        var sums = PartHasher.Compute(expected.Algorithm, expected.ContentMd5, target.Capabilities.WantsPayloadSha256, part is null ? [] : part.Memory.Span);
        var content = part?.OpenStream(null!) ?? new MemoryStream([], writable: false);
        return await steps.PutAsync(request, lease, expected, content, length, sums, progress, cancellationToken).ConfigureAwait(false);
    }

    private static void CheckLength(StreamSource source, long length)
    {
        if (source.ExpectedLength is { } expectedLength && expectedLength != length)
        {
            throw new SourceChangedException($"The stream ended at {length} bytes, not the {expectedLength} expected; the object was not completed. The upload stays resumable: run the producer again.");
        }
    }
}
