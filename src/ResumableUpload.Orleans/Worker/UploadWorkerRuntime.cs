using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ResumableUpload.Engine;

namespace ResumableUpload.Orleans.Worker;

/// <summary>
/// What a silo's job grains and its worker share: one <see cref="ResumableUploader"/> (one engine: one memory budget,
/// one request limit, one retry layer) built from the same target and options as <c>AddResumableUpload</c>, without a
/// checkpoint store (the job grain keeps the part records, DECISIONS 30).
/// </summary>
internal sealed class UploadWorkerRuntime
{
    public UploadWorkerRuntime(IMultipartTarget target, IOptions<UploadOptions> options, IOptions<UploadWorkerOptions> workerOptions, ILoggerFactory loggerFactory, TimeProvider? time = null)
    {
        Time = time ?? TimeProvider.System;
        Uploader = new ResumableUploader(target, checkpointStore: null, options.Value, loggerFactory, Time);
        WorkerOptions = workerOptions.Value;
    }

    public ResumableUploader Uploader { get; }

    public TransferEngine Engine => Uploader.Engine;

    /// <summary>Gets the target behind the engine's one retry layer and request limit.</summary>
    public IMultipartTarget Target => Uploader.Engine.Target;

    public UploadOptions Options => Engine.Options;

    public UploadWorkerOptions WorkerOptions { get; }

    public TimeProvider Time { get; }
}
