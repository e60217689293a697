using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace ResumableUpload.Pipeline;

/// <summary>What every step of one upload's graph shares.</summary>
internal sealed class UploadContext
{
    /// <summary>The target, wrapped in the retry layer.</summary>
    public required IMultipartTarget Target { get; init; }

    public required ICheckpointLease Lease { get; init; }

    public required CheckpointHeader Header { get; init; }

    public required SafeFileHandle Source { get; init; }

    public required ProgressTracker Progress { get; init; }

    public required ILogger Logger { get; init; }

    public required int Threads { get; init; }

    /// <summary>Gets a value indicating whether parts are read from the file where needed instead of buffered.</summary>
    public required bool StreamParts { get; init; }

    /// <summary>Gets the engine's memory, shared with every other upload of the uploader.</summary>
    public required Engine.PartMemory Memory { get; init; }

    /// <summary>The ledger: every finished part by number, resumed ones included. Written only by the committer.</summary>
    public required PartLedger Ledger { get; init; }
}
