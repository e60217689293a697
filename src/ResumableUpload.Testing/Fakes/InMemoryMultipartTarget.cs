using System.Collections.Concurrent;
using System.Globalization;
using ResumableUpload.Shared;
using System.Runtime.CompilerServices;

namespace ResumableUpload.Testing;

/// <summary>
/// An object store in memory that behaves like a strict server (it verifies part CRCs and Content-MD5, the
/// minimum part size, part order at complete and the whole-object CRC) and injects faults on demand through
/// <see cref="Faults"/>. For fault-injection tests; use real servers for everything else.
/// </summary>
public sealed class InMemoryMultipartTarget : IMultipartTarget
{
    private readonly ConcurrentDictionary<string, Upload> uploads = new();
    private readonly ConcurrentDictionary<ObjectLocation, StoredObject> objects = new();
    private readonly ConcurrentDictionary<int, int> partAttempts = new();

    /// <summary>Initializes a new instance of the <see cref="InMemoryMultipartTarget"/> class.</summary>
    /// <param name="capabilities">The limits to enforce, or <see langword="null"/> for S3's (with a 100 KiB minimum part).</param>
    /// <param name="identity">The target identity.</param>
    public InMemoryMultipartTarget(TargetCapabilities? capabilities = null, string identity = "memory:")
    {
        Identity = identity;
        Capabilities = capabilities ?? new TargetCapabilities
        {
            MinPartSize = UploadOptions.MinPartSize,
            MaxPartSize = UploadOptions.MaxPartSize,
            MaxPartCount = 10_000,
            CanListParts = true,
            PartChecksums = [ChecksumAlgorithm.Crc64Xz, ChecksumAlgorithm.Crc64Nvme, ChecksumAlgorithm.Crc32C],
            ObjectChecksums = [ChecksumAlgorithm.Crc64Xz, ChecksumAlgorithm.Crc64Nvme, ChecksumAlgorithm.Crc32C],
            SupportsContentMd5 = true,
            SupportedProperties = ObjectPropertyFeatures.All,
        };
    }

    /// <inheritdoc />
    public string Identity { get; }

    /// <inheritdoc />
    public TargetCapabilities Capabilities { get; }

    /// <summary>Gets the fault plan.</summary>
    public FaultInjector Faults { get; } = new();

    /// <summary>Gets or sets a hook run at the start of every part request (after faults), for tests that act mid-upload.</summary>
    public Func<PartUploadRequest, CancellationToken, Task>? OnPartRequest { get; set; }

    /// <summary>Gets the number of part requests received, per part number.</summary>
    public IReadOnlyDictionary<int, int> PartAttempts => partAttempts;

    /// <summary>Gets the number of part requests the target is serving right now.</summary>
    public int PartsInFlight => Volatile.Read(ref partsInFlight);

    /// <summary>Gets the most part requests the target ever served at once (the high-water mark of <see cref="PartsInFlight"/>).</summary>
    public int MaxPartsInFlight => Volatile.Read(ref maxPartsInFlight);

    /// <summary>Gets the ids of uploads initiated and neither completed nor aborted.</summary>
    public IReadOnlyCollection<string> PendingUploadIds => [.. uploads.Keys];

    /// <summary>Gets the number of completed objects.</summary>
    public int ObjectCount => objects.Count;

    /// <summary>Gets the number of multipart uploads initiated.</summary>
    public int InitiatedUploads => initiated;

    /// <summary>Gets how many times each object was written (completed or put), to prove a file was not sent again.</summary>
    public IReadOnlyDictionary<ObjectLocation, int> Writes => writes;

    private int initiated;
    private readonly ConcurrentDictionary<ObjectLocation, int> writes = new();
    private int partsInFlight;
    private int maxPartsInFlight;

    /// <summary>Gets the bytes of a stored object, or <see langword="null"/>.</summary>
    /// <param name="location">The object.</param>
    /// <returns>The bytes.</returns>
    public byte[]? GetObject(ObjectLocation location) => objects.TryGetValue(location, out var o) ? o.Content : null;

    /// <summary>Gets the properties of a stored object, or <see langword="null"/>.</summary>
    /// <param name="location">The object.</param>
    /// <returns>The properties.</returns>
    public ObjectProperties? GetProperties(ObjectLocation location) => objects.TryGetValue(location, out var o) ? o.Properties : null;

    /// <inheritdoc />
    public Task<string> InitiateAsync(ObjectLocation location, ObjectProperties properties, ChecksumAlgorithm algorithm, CancellationToken cancellationToken = default)
    {
        var id = Guid.NewGuid().ToString("N");
        uploads[id] = new Upload(location, properties, algorithm, DateTimeOffset.UtcNow);
        Interlocked.Increment(ref initiated);
        return Task.FromResult(id);
    }

    /// <inheritdoc />
    public async Task<UploadedPart> UploadPartAsync(PartUploadRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        partAttempts.AddOrUpdate(request.PartNumber, 1, (_, n) => n + 1);
        var inFlight = Interlocked.Increment(ref partsInFlight);
        try
        {
            RaiseHighWaterMark(inFlight);
            await Faults.ApplyAsync(request.PartNumber, cancellationToken).ConfigureAwait(false);
            await Faults.CutAsync(request.PartNumber, request.OpenContent, cancellationToken).ConfigureAwait(false);
            if (OnPartRequest is { } hook)
            {
                await hook(request, cancellationToken).ConfigureAwait(false);
            }

            var upload = Find(request.Location, request.UploadId);
            var bytes = await ReadAllAsync(request.OpenContent(), cancellationToken).ConfigureAwait(false);
            Verify(bytes, request.Length, request.Checksums, upload.Algorithm, $"part {request.PartNumber}");
            var etag = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes), 0, 16);
            upload.Parts[request.PartNumber] = (bytes, etag);
            return new UploadedPart(request.PartNumber, bytes.Length, etag);
        }
        finally
        {
            Interlocked.Decrement(ref partsInFlight);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<UploadedPart> ListPartsAsync(ObjectLocation location, string uploadId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var upload = Find(location, uploadId);
        await Task.Yield();
        foreach (var (number, part) in upload.Parts.OrderBy(p => p.Key))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new UploadedPart(number, part.Bytes.Length, part.ETag);
        }
    }

    /// <inheritdoc />
    public Task<CompletedObject> CompleteAsync(ObjectLocation location, string uploadId, IReadOnlyList<PartRecord> parts, PartChecksums objectCrc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var upload = Find(location, uploadId);
        using var content = new MemoryStream();
        for (var i = 0; i < parts.Count; i++)
        {
            if (parts[i].PartNumber != i + 1)
            {
                throw Errors.PartsOutOfOrder(i + 1, parts[i].PartNumber);
            }

            if (!upload.Parts.TryGetValue(parts[i].PartNumber, out var part) || part.ETag != parts[i].ETag)
            {
                throw new TargetException(TargetErrorKind.InvalidPart, "InvalidPart", $"Part {parts[i].PartNumber} is missing or its ETag differs.");
            }

            if (i < parts.Count - 1 && part.Bytes.Length < Capabilities.MinPartSize)
            {
                throw new TargetException(TargetErrorKind.PartTooSmall, "EntityTooSmall", $"Part {parts[i].PartNumber} is smaller than {Capabilities.MinPartSize} bytes.");
            }

            content.Write(part.Bytes);
        }

        var bytes = content.ToArray();
        var crc = Compute(upload.Algorithm, bytes);
        if (objectCrc.Algorithm == upload.Algorithm && objectCrc.Crc != crc)
        {
            throw new TargetException(TargetErrorKind.ChecksumMismatch, "BadDigest", "The whole-object CRC does not match.");
        }

        objects[location] = new StoredObject(bytes, upload.Properties);
        writes.AddOrUpdate(location, 1, static (_, n) => n + 1);
        uploads.TryRemove(uploadId, out _);
        return Task.FromResult(new CompletedObject(crc.ToString("x16", CultureInfo.InvariantCulture) + "-" + parts.Count.ToString(CultureInfo.InvariantCulture), crc));
    }

    /// <inheritdoc />
    public Task AbortAsync(ObjectLocation location, string uploadId, CancellationToken cancellationToken = default)
    {
        _ = Find(location, uploadId);
        uploads.TryRemove(uploadId, out _);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<PendingUpload> ListUploadsAsync(string bucket, string keyPrefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var (id, upload) in uploads)
        {
            if (upload.Location.Bucket == bucket && upload.Location.Key.StartsWith(keyPrefix, StringComparison.Ordinal))
            {
                yield return new PendingUpload(upload.Location, id, upload.InitiatedAt);
            }
        }
    }

    /// <inheritdoc />
    public async Task<CompletedObject> PutAsync(ObjectLocation location, Stream content, long length, PartChecksums checksums, ObjectProperties properties, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        await Faults.ApplyAsync(1, cancellationToken).ConfigureAwait(false);
        var bytes = await ReadAllAsync(content, cancellationToken).ConfigureAwait(false);
        Verify(bytes, length, checksums, checksums.Algorithm, "object");
        objects[location] = new StoredObject(bytes, properties);
        writes.AddOrUpdate(location, 1, static (_, n) => n + 1);
        var crc = Compute(checksums.Algorithm, bytes);
        return new CompletedObject(crc.ToString("x16", CultureInfo.InvariantCulture), crc);
    }

    private static ulong Compute(ChecksumAlgorithm algorithm, byte[] bytes) => CrcParameters.Compute(algorithm, bytes);

    private static void Verify(byte[] bytes, long length, PartChecksums checksums, ChecksumAlgorithm algorithm, string what)
    {
        if (bytes.Length != length)
        {
            throw new TargetException(TargetErrorKind.Permanent, "IncompleteBody", $"The {what} declared {length} bytes but carried {bytes.Length}.");
        }

        if (checksums.Algorithm == algorithm && Compute(algorithm, bytes) != checksums.Crc)
        {
            throw new TargetException(TargetErrorKind.ChecksumMismatch, "BadDigest", $"The {what}'s CRC does not match its bytes.");
        }

#pragma warning disable CA5351 // Content-MD5 is an integrity check, as a server does it.
        if (!checksums.Md5.IsEmpty && !System.Security.Cryptography.MD5.HashData(bytes).AsSpan().SequenceEqual(checksums.Md5.Span))
#pragma warning restore CA5351
        {
            throw new TargetException(TargetErrorKind.ChecksumMismatch, "BadDigest", $"The {what}'s Content-MD5 does not match its bytes.");
        }
    }

    private static async Task<byte[]> ReadAllAsync(Stream content, CancellationToken cancellationToken)
    {
        await using (content.ConfigureAwait(false))
        {
            using var copy = new MemoryStream();
            await content.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
            return copy.ToArray();
        }
    }

    private void RaiseHighWaterMark(int inFlight)
    {
        var seen = Volatile.Read(ref maxPartsInFlight);
        while (inFlight > seen)
        {
            var previous = Interlocked.CompareExchange(ref maxPartsInFlight, inFlight, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }

    private Upload Find(ObjectLocation location, string uploadId)
        => uploads.TryGetValue(uploadId, out var upload) && upload.Location == location
            ? upload
            : throw new TargetException(TargetErrorKind.UploadNotFound, "NoSuchUpload", $"The upload {uploadId} does not exist.", null, 404);

    private sealed record Upload(ObjectLocation Location, ObjectProperties Properties, ChecksumAlgorithm Algorithm, DateTimeOffset InitiatedAt)
    {
        public ConcurrentDictionary<int, (byte[] Bytes, string ETag)> Parts { get; } = new();
    }

    private sealed record StoredObject(byte[] Content, ObjectProperties Properties);
}
