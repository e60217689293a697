using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ResumableUpload.Targets;

namespace ResumableUpload;

/// <summary>
/// Wraps a target so that every call to it (initiate, part, list parts, complete, abort, list uploads, put) goes
/// through one retry strategy: exponential backoff with jitter, only for errors the target marks transient.
/// <see cref="ResumableUploader"/> wraps its target in one; wrap yours for calls you make yourself (listing, sweeping).
/// </summary>
/// <remarks>
/// <para>
/// A call is attempted at most <see cref="UploadRetryOptions.MaxRetryAttempts"/> + 1 times, provided the SDK under
/// the target does not retry on its own: the clients that <c>S3MultipartTarget.Create</c> and
/// <c>AzureBlobMultipartTarget.Create</c> build have their SDK retries off; a client you hand in keeps its own, and
/// its attempts multiply with these.
/// </para>
/// <para>
/// Listings are read to the end inside one attempt and then returned, so a failed page restarts the listing rather
/// than returning a partial one. A put is retried only when its stream can seek back to where it started.
/// </para>
/// </remarks>
public sealed class RetryingMultipartTarget : IMultipartTarget
{
    private readonly TargetRetryPipeline calls;

    /// <summary>Initializes a new instance of the <see cref="RetryingMultipartTarget"/> class.</summary>
    /// <param name="inner">The target to call.</param>
    /// <param name="retry">The retry settings, or <see langword="null"/> for the defaults.</param>
    /// <param name="loggerFactory">The logger factory for retry messages, or <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for retry delays, or <see langword="null"/> for the system clock.</param>
    /// <exception cref="System.ComponentModel.DataAnnotations.ValidationException"><paramref name="retry"/> is invalid.</exception>
    public RetryingMultipartTarget(IMultipartTarget inner, UploadRetryOptions? retry = null, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        retry ??= new UploadRetryOptions();
        new UploadOptions { Retry = retry }.Validate();
        Inner = inner;
        calls = new TargetRetryPipeline(retry, timeProvider ?? TimeProvider.System, (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<RetryingMultipartTarget>(), targetKind: Telemetry.UploadMetrics.TargetKind(inner.Identity));
    }

    internal RetryingMultipartTarget(IMultipartTarget inner, TargetRetryPipeline calls)
    {
        Inner = inner;
        this.calls = calls;
    }

    /// <summary>Gets the wrapped target.</summary>
    public IMultipartTarget Inner { get; }

    /// <inheritdoc />
    public string Identity => Inner.Identity;

    /// <inheritdoc />
    public TargetCapabilities Capabilities => Inner.Capabilities;

    /// <inheritdoc />
    public Task<string> InitiateAsync(ObjectLocation location, ObjectProperties properties, ChecksumAlgorithm algorithm, CancellationToken cancellationToken = default)
        => calls.RunAsync("initiate", (Inner, location, properties, algorithm), static (s, ct) => s.Inner.InitiateAsync(s.location, s.properties, s.algorithm, ct), cancellationToken);

    /// <inheritdoc />
    public Task<UploadedPart> UploadPartAsync(PartUploadRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return calls.RunAsync("part " + request.PartNumber.ToString(CultureInfo.InvariantCulture), (Inner, request), static (s, ct) => s.Inner.UploadPartAsync(s.request, ct), cancellationToken);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<UploadedPart> ListPartsAsync(ObjectLocation location, string uploadId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var parts = await calls.RunAsync(
            "list parts",
            (Inner, location, uploadId),
            static (s, ct) => ReadAllAsync(s.Inner.ListPartsAsync(s.location, s.uploadId, ct), ct),
            cancellationToken).ConfigureAwait(false);
        foreach (var part in parts)
        {
            yield return part;
        }
    }

    /// <inheritdoc />
    public Task<CompletedObject> CompleteAsync(ObjectLocation location, string uploadId, IReadOnlyList<PartRecord> parts, PartChecksums objectCrc, CancellationToken cancellationToken = default)
        => CompleteAsync(location, uploadId, parts, objectCrc, ObjectProperties.Empty, cancellationToken);

    /// <inheritdoc />
    public Task<CompletedObject> CompleteAsync(ObjectLocation location, string uploadId, IReadOnlyList<PartRecord> parts, PartChecksums objectCrc, ObjectProperties properties, CancellationToken cancellationToken)
        => calls.RunAsync("complete", (Inner, location, uploadId, parts, objectCrc, properties), static (s, ct) => s.Inner.CompleteAsync(s.location, s.uploadId, s.parts, s.objectCrc, s.properties, ct), cancellationToken);

    /// <inheritdoc />
    public Task AbortAsync(ObjectLocation location, string uploadId, CancellationToken cancellationToken = default)
        => calls.RunAsync("abort", (Inner, location, uploadId), static async (s, ct) =>
        {
            await s.Inner.AbortAsync(s.location, s.uploadId, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<PendingUpload> ListUploadsAsync(string bucket, string keyPrefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var uploads = await calls.RunAsync(
            "list uploads",
            (Inner, bucket, keyPrefix),
            static (s, ct) => ReadAllAsync(s.Inner.ListUploadsAsync(s.bucket, s.keyPrefix, ct), ct),
            cancellationToken).ConfigureAwait(false);
        foreach (var upload in uploads)
        {
            yield return upload;
        }
    }

    /// <inheritdoc />
    public Task<CompletedObject> PutAsync(ObjectLocation location, Stream content, long length, PartChecksums checksums, ObjectProperties properties, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!content.CanSeek)
        {
            // The bytes of a failed attempt are gone: a retry would send the rest of the stream as the object.
            return Inner.PutAsync(location, content, length, checksums, properties, cancellationToken);
        }

        var start = content.Position;
        return calls.RunAsync(
            "put",
            (Inner, location, content, start, length, checksums, properties),
            static (s, ct) =>
            {
                s.content.Position = s.start;
                return s.Inner.PutAsync(s.location, s.content, s.length, s.checksums, s.properties, ct);
            },
            cancellationToken);
    }

    private static async Task<List<T>> ReadAllAsync<T>(IAsyncEnumerable<T> items, CancellationToken cancellationToken)
    {
        var list = new List<T>();
        await foreach (var item in items.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            list.Add(item);
        }

        return list;
    }
}
