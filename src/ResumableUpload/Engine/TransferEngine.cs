using Microsoft.Extensions.Logging;
using ResumableUpload.Pipeline;

namespace ResumableUpload.Engine;

/// <summary>
/// What every upload of one <see cref="ResumableUploader"/> shares, single or batch, concurrent calls included: the
/// target behind one retry layer and one limit on requests in flight, the checkpoint store, and one memory budget for
/// part buffers. Each upload still sends at most <see cref="UploadOptions.Threads"/> parts at a time.
/// </summary>
internal sealed class TransferEngine
{
    public TransferEngine(IMultipartTarget target, ICheckpointStore? store, UploadOptions options, TimeProvider time, ILogger logger)
    {
        Options = options;
        Store = store;
        Time = time;
        Logger = logger;
        RequestSlots = new SemaphoreSlim(options.MaxRequestsInFlight, options.MaxRequestsInFlight);
        Target = new RetryingMultipartTarget(target is RetryingMultipartTarget wrapped ? wrapped.Inner : target, new TargetCalls(options.Retry, time, logger, RequestSlots));

        // More buffered parts than requests can carry (plus one being filled and one being hashed) would only wait.
        var useful = options.PartSize * (options.MaxRequestsInFlight + 2L);
        Memory = new PartMemory(new ByteBudget(Math.Min(options.MemoryBudget, useful)));
    }

    /// <summary>Gets the target behind the one retry layer and the request limit.</summary>
    public RetryingMultipartTarget Target { get; }

    public ICheckpointStore? Store { get; }

    public UploadOptions Options { get; }

    public TimeProvider Time { get; }

    public ILogger Logger { get; }

    /// <summary>Gets the limit on requests in flight, taken per attempt.</summary>
    public SemaphoreSlim RequestSlots { get; }

    /// <summary>Gets the memory behind every part buffer.</summary>
    public PartMemory Memory { get; }

    /// <summary>Whether parts of this size are read from the file where needed instead of buffered.</summary>
    public bool StreamsParts(long partSize)
        => partSize * (Options.Threads + 2) > Options.MemoryBudget || partSize > Memory.Budget.Capacity || partSize > Array.MaxLength;
}
