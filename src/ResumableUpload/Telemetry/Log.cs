using Microsoft.Extensions.Logging;

namespace ResumableUpload.Telemetry;

/// <summary>Source-generated log messages. Messages name paths, keys and upload ids, never credentials.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Starting upload of {Path} ({Length} bytes) to {Location} in {PartCount} parts of {PartSize} bytes")]
    public static partial void Starting(ILogger logger, string path, long length, ObjectLocation location, int partCount, long partSize);

    [LoggerMessage(2, LogLevel.Information, "Resuming upload {UploadId} of {Location}: {DoneParts} of {PartCount} parts already uploaded")]
    public static partial void Resuming(ILogger logger, string uploadId, ObjectLocation location, int doneParts, int partCount);

    [LoggerMessage(3, LogLevel.Warning, "Checkpoint {Key} for {Location} cannot be resumed, starting fresh: {Reason}")]
    public static partial void CheckpointDiscarded(ILogger logger, CheckpointKey key, ObjectLocation location, string reason);

    [LoggerMessage(4, LogLevel.Information, "Aborted superseded upload {UploadId} of {Location}")]
    public static partial void AbortedOldUpload(ILogger logger, string uploadId, ObjectLocation location);

    [LoggerMessage(5, LogLevel.Warning, "Could not abort upload {UploadId} of {Location}: {Reason}")]
    public static partial void AbortFailed(ILogger logger, string uploadId, ObjectLocation location, string reason);

    [LoggerMessage(6, LogLevel.Warning, "Retrying {Operation} (attempt {Attempt}) after {Delay}: {Reason}")]
    public static partial void Retrying(ILogger logger, string operation, int attempt, TimeSpan delay, string reason);

    [LoggerMessage(7, LogLevel.Information, "Completed {Location}: {Length} bytes in {PartCount} parts, CRC {Crc:x16} ({Algorithm})")]
    public static partial void Completed(ILogger logger, ObjectLocation location, long length, int partCount, ulong crc, ChecksumAlgorithm algorithm);

    [LoggerMessage(8, LogLevel.Warning, "The source {Path} changed during the upload; aborting upload {UploadId}: {Reason}")]
    public static partial void SourceChanged(ILogger logger, string path, string uploadId, string reason);

    [LoggerMessage(10, LogLevel.Information, "Starting upload of {Source} to {Location} in parts of {PartSize} bytes, doubling every {DoublingInterval} parts (0: never), until the stream ends")]
    public static partial void StartingStream(ILogger logger, string source, ObjectLocation location, long partSize, int doublingInterval);

    [LoggerMessage(9, LogLevel.Warning, "Upload {UploadId} of {Location} is still listed by the target after abort")]
    public static partial void AbortNotVerified(ILogger logger, string uploadId, ObjectLocation location);
}
