using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using ResumableUpload.Pipeline;
using ResumableUpload.Targets;
using ResumableUpload.Telemetry;

namespace ResumableUpload.Engine;

/// <summary>
/// What every upload of one <see cref="ResumableUploader"/> shares, single or batch, concurrent calls included: the
/// target behind one retry layer and one limit on requests in flight, the checkpoint store, and one memory budget for
/// part buffers, one bandwidth cap (<see cref="UploadOptions.MaxBytesPerSecond"/>) and one set of instruments.
/// Each upload still sends at most <see cref="UploadOptions.PartsInFlight"/> parts at a time.
/// </summary>
internal sealed class TransferEngine
{
    public TransferEngine(IMultipartTarget target, ICheckpointStore? store, UploadOptions options, TimeProvider time, ILogger logger, IMeterFactory? meterFactory = null)
    {
        Options = options;
        Store = store;
        Time = time;
        Logger = logger;
        Metrics = UploadMetrics.For(meterFactory);
        var inner = target is RetryingMultipartTarget wrapped ? wrapped.Inner : target;
        TargetKind = UploadMetrics.TargetKind(inner.Identity);
        RequestSlots = new SemaphoreSlim(options.MaxRequestsInFlight, options.MaxRequestsInFlight);
        Target = new RetryingMultipartTarget(inner, new TargetRetryPipeline(options.Retry, time, logger, RequestSlots, Metrics, TargetKind));
        Bandwidth = options.MaxBytesPerSecond is { } cap ? new BandwidthLimit(cap) : null;

        // More buffered parts than requests can carry, plus one being filled, would only wait (DECISIONS 44: a second
        // spare part bought no throughput and cost 8-30 MiB of peak RSS on a mixed batch).
        var useful = options.PartSize * (options.MaxRequestsInFlight + 1L);
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

    /// <summary>Gets the one bandwidth cap every part and put draws from, or <see langword="null"/> when uncapped.</summary>
    public BandwidthLimit? Bandwidth { get; }

    /// <summary>Gets the instruments every upload records on.</summary>
    public UploadMetrics Metrics { get; }

    /// <summary>Gets the kind of the target (<c>s3</c>, <c>azblob</c>, <c>file</c>…), the tag of every measurement.</summary>
    public string TargetKind { get; }

    /// <summary>Gets or sets the least time between two progress reports of bytes in flight (tests set zero).</summary>
    public TimeSpan InFlightReportInterval { get; set; } = ProgressTracker.DefaultInFlightInterval;

    /// <summary>A progress counter for one upload, reporting to <paramref name="receiver"/>.</summary>
    public ProgressTracker Progress(IProgress<UploadProgress>? receiver, long totalBytes, int totalParts)
        => new(receiver, totalBytes, totalParts, Time, InFlightReportInterval);

    /// <summary>The stream a target is given for <paramref name="content"/>: counted into <paramref name="flow"/> and paced by the cap.</summary>
    public Stream Meter(Stream content, PartFlow flow) => new MeteredStream(content, flow, Bandwidth);

    /// <summary>Whether parts of this size are read from the file where needed instead of buffered.</summary>
    public bool StreamsParts(long partSize)
        => partSize * (Options.PartsInFlight + 2) > Options.MemoryBudget || partSize > Memory.Budget.Capacity || partSize > Array.MaxLength;
}
