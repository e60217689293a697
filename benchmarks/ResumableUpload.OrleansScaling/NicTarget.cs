using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.RateLimiting;

namespace ResumableUpload.OrleansScaling;

/// <summary>What every silo's sink shares: the parts each upload received, so the job grain (on any silo) can list them.</summary>
internal sealed class SinkParts
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<int, UploadedPart>> uploads = new();

    public string Initiate()
    {
        var id = Guid.NewGuid().ToString("N");
        uploads[id] = new();
        return id;
    }

    public void Add(string uploadId, UploadedPart part) => uploads[uploadId][part.PartNumber] = part;

    public IEnumerable<UploadedPart> List(string uploadId) => uploads.TryGetValue(uploadId, out var parts) ? parts.Values.OrderBy(p => p.PartNumber).ToList() : [];

    public void Remove(string uploadId) => uploads.TryRemove(uploadId, out _);
}

/// <summary>
/// One silo's simulated network card: a sink that keeps no bytes, in front of which a token bucket lets through at most
/// <c>bytesPerSecond</c> of part and put payload. SIMULATED bandwidth: it stands for a host's NIC, not a server.
/// </summary>
internal sealed class NicTarget(SinkParts sink, long bytesPerSecond) : IMultipartTarget, IDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(20);
    private readonly TokenBucketRateLimiter nic = new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = 16 << 20, // the largest part the benchmark sends, so one part's permit can ever be granted
        TokensPerPeriod = (int)(bytesPerSecond * Tick.Ticks / TimeSpan.TicksPerSecond),
        ReplenishmentPeriod = Tick,
        QueueLimit = int.MaxValue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        AutoReplenishment = true,
    });

    public string Identity => "nic-sink:";

    public TargetCapabilities Capabilities { get; } = new() { MinPartSize = UploadOptions.MinPartSize, MaxPartSize = 16 << 20, MaxPartCount = 10_000, CanListParts = true };

    public void Dispose() => nic.Dispose();

    public Task<string> InitiateAsync(ObjectLocation location, ObjectProperties properties, ChecksumAlgorithm algorithm, CancellationToken cancellationToken = default)
        => Task.FromResult(sink.Initiate());

    public async Task<UploadedPart> UploadPartAsync(PartUploadRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await SendAsync(request.OpenContent(), request.Length, cancellationToken);
        var part = new UploadedPart(request.PartNumber, request.Length, "\"" + request.PartNumber.ToString(CultureInfo.InvariantCulture) + "\"");
        sink.Add(request.UploadId, part);
        return part;
    }

    public async IAsyncEnumerable<UploadedPart> ListPartsAsync(ObjectLocation location, string uploadId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask;
        foreach (var part in sink.List(uploadId))
        {
            yield return part;
        }
    }

    public Task<CompletedObject> CompleteAsync(ObjectLocation location, string uploadId, IReadOnlyList<PartRecord> parts, PartChecksums objectCrc, CancellationToken cancellationToken = default)
    {
        sink.Remove(uploadId);
        return Task.FromResult(new CompletedObject("\"done\"", null));
    }

    public Task AbortAsync(ObjectLocation location, string uploadId, CancellationToken cancellationToken = default)
    {
        sink.Remove(uploadId);
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<PendingUpload> ListUploadsAsync(string bucket, string keyPrefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask;
        yield break;
    }

    public async Task<CompletedObject> PutAsync(ObjectLocation location, Stream content, long length, PartChecksums checksums, ObjectProperties properties, CancellationToken cancellationToken = default)
    {
        await SendAsync(content, length, cancellationToken);
        return new CompletedObject("\"put\"", null);
    }

    /// <summary>Waits for the card to have sent <paramref name="length"/> bytes' worth of time, then reads the payload (as a socket would).</summary>
    private async Task SendAsync(Stream content, long length, CancellationToken cancellationToken)
    {
        using (var permit = await nic.AcquireAsync((int)Math.Min(length, 16 << 20), cancellationToken))
        {
            if (!permit.IsAcquired)
            {
                throw new InvalidOperationException("The simulated card refused a permit.");
            }
        }

        await using (content)
        {
            await content.CopyToAsync(Stream.Null, cancellationToken);
        }
    }
}
