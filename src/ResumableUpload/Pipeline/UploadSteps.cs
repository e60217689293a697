using Microsoft.Extensions.Logging;
using ResumableUpload.Cleanup;
using ResumableUpload.Engine;
using ResumableUpload.Hashing;
using ResumableUpload.Telemetry;

namespace ResumableUpload.Pipeline;

/// <summary>The steps every multipart upload takes, whatever its source: start it, guard its graph, complete it.</summary>
internal sealed class UploadSteps(TransferEngine engine)
{
    private readonly RetryingMultipartTarget target = engine.Target;
    private readonly UploadCleanup cleanup = new(engine.Target, engine.Logger);

    public UploadCleanup Cleanup => cleanup;

    /// <summary>Records the intent, initiates the upload, records its id: the checkpoint a resume starts from.</summary>
    public async Task<CheckpointHeader> StartAsync(ICheckpointLease lease, CheckpointHeader expected, ObjectProperties properties, CancellationToken cancellationToken)
    {
        // The intent (a checkpoint without an upload id) is recorded before the upload exists: a process killed
        // between initiate and the checkpoint below leaves a checkpoint the next run finds and cleans up after,
        // instead of an upload no run knows of.
        await lease.CreateAsync(expected, cancellationToken).ConfigureAwait(false);
        string uploadId;
        try
        {
            uploadId = await target.InitiateAsync(expected.Location, properties, expected.Algorithm, cancellationToken).ConfigureAwait(false);
        }
        catch (TargetException ex) when (ex.IsConfigurationError)
        {
            // Refused, or never sent (no credentials, nothing listening): no upload exists, so the intent guards nothing.
            await lease.DeleteAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        var header = expected with { UploadId = uploadId };
        try
        {
            await lease.CreateAsync(header, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // No checkpoint names this upload (disk full, store down): nothing could resume it, so do not leave it behind.
            await cleanup.AbortAsync(header.Location, header.UploadId, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        if (header.Source.Length < 0)
        {
            Log.StartingStream(engine.Logger, header.Source.Path, header.Location, header.PartSize, header.PartSizeDoublingInterval);
        }
        else
        {
            Log.Starting(engine.Logger, header.Source.Path, header.Source.Length, header.Location, header.PartCount, header.PartSize);
        }

        UploadTelemetry.UploadStarted(header);
        return header;
    }

    /// <summary>
    /// Starts the upload (<paramref name="resumed"/> is <see langword="null"/>) or takes up the resumed one, and returns
    /// its header with a ledger holding the parts already done.
    /// </summary>
    public async Task<(CheckpointHeader Header, PartLedger Ledger)> StartOrResumeAsync(ICheckpointLease lease, CheckpointHeader expected, UploadCheckpoint? resumed, ObjectProperties properties, CancellationToken cancellationToken)
    {
        if (resumed is null)
        {
            return (await StartAsync(lease, expected, properties, cancellationToken).ConfigureAwait(false), new PartLedger(expected.PartCount));
        }

        var header = resumed.Header;
        Log.Resuming(engine.Logger, header.UploadId, header.Location, resumed.Parts.Count, header.PartCount);
        UploadTelemetry.UploadStarted(header);
        engine.Metrics.PartsResumed.Add(resumed.Parts.Count, UploadMetrics.Kind(engine.TargetKind));
        var ledger = new PartLedger(header.PartCount);
        foreach (var part in resumed.Parts)
        {
            ledger.Add(part);
        }

        return (header, ledger);
    }

    /// <summary>Sends a whole source of <paramref name="length"/> bytes in one request (it takes <paramref name="content"/>) and checks the CRC the target reports.</summary>
    public async Task<UploadResult> PutAsync(UploadRequest request, ICheckpointLease lease, CheckpointHeader expected, Stream content, long length, PartChecksums sums, ProgressTracker progress, CancellationToken cancellationToken)
    {
        CompletedObject completed;
        using var flow = progress.StartPart();
        var metered = engine.Meter(content, flow);
        await using (metered.ConfigureAwait(false))
        {
            await lease.EnsureHeldAsync(cancellationToken).ConfigureAwait(false); // a stalled holder that was taken over must not write the object
            completed = await target.PutAsync(request.Location, metered, length, sums, request.Properties, cancellationToken).ConfigureAwait(false);
        }

        VerifyObjectCrc(completed, expected.Algorithm, sums.Crc);
        var kind = UploadMetrics.Kind(engine.TargetKind);
        engine.Metrics.PartsUploaded.Add(1, kind);
        engine.Metrics.BytesUploaded.Add(length, kind);
        progress.PartDone(length, flow);
        Log.Completed(engine.Logger, request.Location, length, 1, sums.Crc, expected.Algorithm);
        return new UploadResult
        {
            Location = request.Location,
            ETag = completed.ETag,
            Length = length,
            PartSize = expected.PartSize,
            PartCount = 1,
            Algorithm = expected.Algorithm,
            Crc = sums.Crc,
            CrcVerifiedByTarget = completed.Crc is not null,
        };
    }

    /// <summary>
    /// Runs a graph, turning its failures into what the caller should see: without a store the upload is aborted
    /// (nothing could resume it); a holder that lost its lease says so.
    /// </summary>
    public async Task GuardAsync(Func<Task> run, ICheckpointLease lease, CheckpointHeader header)
    {
        try
        {
            await run().ConfigureAwait(false);
        }
        catch (Exception) when (engine.Store is null)
        {
            await cleanup.AbortAsync(header.Location, header.UploadId, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not CheckpointLockedException and not SourceChangedException and not SourceEndedException)
        {
            // A holder that stalled past its lease fails on the upload the successor now drives (a part to a completed
            // upload, say): the root cause is the lost lease, so say that, with the same code as a fenced commit.
            await ThrowIfLeaseLostAsync(lease, ex).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Completes the upload with <paramref name="parts"/> (in order), checks the whole-object CRC, deletes the checkpoint.</summary>
    public async Task<(CompletedObject Completed, ulong Crc)> CompleteAsync(ICheckpointLease lease, CheckpointHeader header, List<PartRecord> parts, ObjectProperties properties, CancellationToken cancellationToken)
    {
        // Fencing up to the end: a holder that stalled before completing and was taken over must not complete.
        await lease.EnsureHeldAsync(cancellationToken).ConfigureAwait(false);
        var crc = Crc.CombineParts(header.Algorithm, parts);
        var completed = await target.CompleteAsync(header.Location, header.UploadId, parts, new PartChecksums(header.Algorithm, crc, ReadOnlyMemory<byte>.Empty), properties, cancellationToken).ConfigureAwait(false);
        VerifyObjectCrc(completed, header.Algorithm, crc);
        await lease.DeleteAsync(CancellationToken.None).ConfigureAwait(false);
        Log.Completed(engine.Logger, header.Location, parts.Sum(p => p.Length), parts.Count, crc, header.Algorithm);
        return (completed, crc);
    }

    /// <summary>The result of a completed multipart upload of a source of known length.</summary>
    public static UploadResult Result(CheckpointHeader header, CompletedObject completed, ulong crc, long length, UploadCheckpoint? resumed) => new()
    {
        Location = header.Location,
        ETag = completed.ETag,
        Length = length,
        PartSize = header.PartSize,
        PartCount = header.PartCount,
        ResumedParts = resumed?.Parts.Count ?? 0,
        ResumedBytes = resumed?.CompletedBytes ?? 0,
        Algorithm = header.Algorithm,
        Crc = crc,
        CrcVerifiedByTarget = completed.Crc is not null,
        UploadId = header.UploadId,
    };

    public static void VerifyObjectCrc(CompletedObject completed, ChecksumAlgorithm algorithm, ulong expected)
    {
        if (completed.Crc is { } reported && reported != expected)
        {
            throw new ChecksumMismatchException(algorithm, expected, reported, partNumber: null, $"The target reports whole-object {algorithm} {reported:x16}, but the parts combine to {expected:x16}.");
        }
    }

    public static async Task ThrowIfLeaseLostAsync(ICheckpointLease lease, Exception cause)
    {
        try
        {
            await lease.EnsureHeldAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (CheckpointLockedException lost)
        {
            throw new CheckpointLockedException(lost.Message, cause);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The store cannot tell (down, say): report the original failure.
        }
    }
}
