using Microsoft.Extensions.Logging;
using ResumableUpload.Cleanup;
using ResumableUpload.Engine;
using ResumableUpload.Telemetry;

namespace ResumableUpload.Pipeline;

/// <summary>
/// One upload of a <see cref="ReopenableSource"/>: its length is known, so parts are laid out as for a file; a resume
/// reopens the source at the first part not done (and at each later run of parts not done) and reads nothing before.
/// Its version (an ETag, say) is part of the checkpoint: a source that changed is not resumed but sent afresh.
/// </summary>
internal sealed class ReopenableUploadSession(TransferEngine engine)
{
    private readonly RetryingMultipartTarget target = engine.Target;
    private readonly UploadOptions options = engine.Options;
    private readonly ILogger logger = engine.Logger;
    private readonly UploadSteps steps = new(engine);

    public async Task<UploadResult> RunAsync(UploadRequest request, ReopenableSource source, CancellationToken cancellationToken)
    {
        var description = await source.DescribeAsync(cancellationToken).ConfigureAwait(false);
        var layout = PartLayout.Compute(description.Length, options.PartSize, target.Capabilities);
        if (layout.PartSize > PartSchedule.MaxBufferedPartSize)
        {
            throw new ArgumentException($"The source has {description.Length} bytes: its parts of {layout.PartSize} bytes are more than a part read from a stream may hold in memory.", nameof(request));
        }

        var expected = new CheckpointHeader
        {
            TargetIdentity = target.Identity,
            Location = request.Location,
            UploadId = string.Empty,
            Source = new SourceIdentity(source.CheckpointId, description.Length, default, description.Version),
            PartSize = layout.PartSize,
            PartCount = layout.PartCount,
            Algorithm = options.Checksum,
            ContentMd5 = options.ContentMd5,
            CreatedAt = engine.Time.GetUtcNow(),
        };

        var key = CheckpointKey.ForSource(source.CheckpointId, target.Identity, request.Location);
        var lease = engine.Store is null ? new EphemeralLease(key) : await engine.Store.AcquireAsync(key, cancellationToken).ConfigureAwait(false);
        await using (lease.ConfigureAwait(false))
        {
            var resumed = await SessionPlanning.PlanAsync(engine, lease, expected, (stored, listing) => ResumePlanner.Plan(stored, expected, layout, listing), cancellationToken).ConfigureAwait(false);
            using var pool = new PartArrayPool(layout.PartSize, options.PartsInFlight + 2, streamFromFile: false, engine.Memory);
            if (resumed is null && layout.PartCount <= 1)
            {
                return await PutAsync(request, source, description, lease, expected, pool, cancellationToken).ConfigureAwait(false);
            }

            var (header, ledger) = await steps.StartOrResumeAsync(lease, expected, resumed, request.Properties, cancellationToken).ConfigureAwait(false);

            var progress = engine.Progress(request.Progress, description.Length, header.PartCount);
            progress.Resumed(ledger.Bytes, ledger.Count);
            progress.Report();
            var todo = Enumerable.Range(1, header.PartCount).Where(n => !ledger.Contains(n)).Select(layout.Part).ToList();
            var graph = new UploadGraph(engine, lease, header, null, pool, ledger, progress, options.PartsInFlight) { Properties = request.Properties };
            try
            {
                await steps.GuardAsync(() => graph.RunAsync((fail, stop) => SlicerBlock.FromReader(ct => StreamSlicer.ReadReopenedAsync(source, description, todo, pool, ct), fail, stop), cancellationToken), lease, header).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SourceEndedException or SourceChangedException)
            {
                // The source is no longer the one described: its parts cannot make one object with those already sent.
                Log.SourceChanged(logger, header.Source.Path, header.UploadId, ex.Message);
                await steps.Cleanup.DiscardCheckpointAsync(lease, UploadsToAbort.One(header.Location, header.UploadId), CancellationToken.None).ConfigureAwait(false);
                throw ex is SourceEndedException ended ? ended.ToSourceChanged(header.Source.Path) : ex;
            }

            var (completed, crc) = await steps.CompleteAsync(lease, header, ledger.InOrder(), request.Properties, cancellationToken).ConfigureAwait(false);
            return UploadSteps.Result(header, completed, crc, description.Length, resumed);
        }
    }

    private async Task<UploadResult> PutAsync(UploadRequest request, ReopenableSource source, SourceDescription description, ICheckpointLease lease, CheckpointHeader expected, PartArrayPool pool, CancellationToken cancellationToken)
    {
        SlicedPart? part = null;
        if (description.Length > 0)
        {
            var stream = await source.OpenAtAsync(0, description, cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                part = await StreamSlicer.ReadPartAsync(stream, pool, new PartSpec(1, 0, description.Length), crc: null, cancellationToken).ConfigureAwait(false);
            }

            if (part is null || part.Spec.Length != description.Length)
            {
                var read = part?.Spec.Length ?? 0;
                part?.Dispose();
                throw new SourceEndedException(read, description.Length).ToSourceChanged(source.Identity);
            }
        }

        using (part)
        {
            return await new StreamUploadSession(engine).PutAsync(request, lease, expected, part, cancellationToken).ConfigureAwait(false);
        }
    }
}
