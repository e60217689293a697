using System.Globalization;
using System.Runtime.CompilerServices;
using ResumableUpload.Hashing;
using ResumableUpload.Shared;
using ResumableUpload.Targets.LocalFolder;

namespace ResumableUpload;

/// <summary>
/// A folder on a local or mounted file system used as an object store. Each upload has a folder under
/// <c>&lt;root&gt;/.rupload-uploads/&lt;upload id&gt;/</c>; parts are verified against the checksums they arrive with and
/// written in place into the upload's data file, which complete flushes and renames into place, atomically when the
/// object's folder is on the root's file system. Keys that would escape the root are rejected.
/// </summary>
/// <remarks>
/// The target composes small parts: <c>ObjectPaths</c> (keys to paths), <c>UploadFolders</c> (the crash-safe upload
/// folder lifecycle), <c>PlacedParts</c> (parts written in place; <c>StagedParts</c> for callers that give no offset),
/// <c>VerifiedWrites</c>, <c>PropertiesSidecars</c>, <c>SinglePut</c> and <c>FileSystemErrors</c>.
/// </remarks>
public sealed class LocalFolderTarget : IMultipartTarget
{
    private readonly ObjectPaths paths;
    private readonly UploadFolders uploads;
    private readonly PropertiesSidecars properties;
    private readonly SinglePut put;

    /// <summary>Initializes a new instance of the <see cref="LocalFolderTarget"/> class.</summary>
    /// <param name="root">The folder that objects are written under; created if missing.</param>
    public LocalFolderTarget(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        paths = new ObjectPaths(root);
        uploads = new UploadFolders(paths.Staging);
        properties = new PropertiesSidecars(paths);
        put = new SinglePut(paths, properties);
        Identity = "file://" + paths.Root.Replace('\\', '/');
    }

    /// <inheritdoc />
    public string Identity { get; }

    /// <inheritdoc />
    public TargetCapabilities Capabilities { get; } = new()
    {
        MinPartSize = UploadOptions.MinPartSize,
        MaxPartSize = UploadOptions.MaxPartSize,
        MaxPartCount = 10_000,
        CanListParts = true,
        PartChecksums = [ChecksumAlgorithm.Crc64Xz, ChecksumAlgorithm.Crc64Nvme, ChecksumAlgorithm.Crc32C],
        ObjectChecksums = [ChecksumAlgorithm.Crc64Xz, ChecksumAlgorithm.Crc64Nvme, ChecksumAlgorithm.Crc32C],
        SupportsContentMd5 = true,
        RequiresEqualParts = true,
        SupportedProperties = UploadManifest.Stored,
    };

    /// <inheritdoc />
    public Task<string> InitiateAsync(ObjectLocation location, ObjectProperties properties, ChecksumAlgorithm algorithm, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(properties);
        properties.Validate(Capabilities);
        _ = paths.Resolve(location);
        var uploadId = uploads.Create(UploadManifest.For(location, algorithm, properties));
        FileSystemErrors.Guard(() => PowerCutCheck.Stamp(uploads.PathOf(uploadId)));
        return Task.FromResult(uploadId);
    }

    /// <inheritdoc />
    public async Task<UploadedPart> UploadPartAsync(PartUploadRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.PartNumber > Capabilities.MaxPartCount)
        {
            throw new TargetException(TargetErrorKind.InvalidRequest, "InvalidPartNumber", $"Part number {request.PartNumber} is above {Capabilities.MaxPartCount}.");
        }

        var manifest = uploads.ReadManifest(request.Location, request.UploadId);
        var folder = uploads.PathOf(request.UploadId);
        var crc = request.ObjectOffset is { } offset
            ? await PlacedParts.UploadAsync(request, offset, manifest.Algorithm, folder, cancellationToken).ConfigureAwait(false)
            : await StagedParts.UploadAsync(request, manifest.Algorithm, folder, cancellationToken).ConfigureAwait(false);
        return new UploadedPart(request.PartNumber, request.Length, StoredPart.ETagOf(crc));
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<UploadedPart> ListPartsAsync(ObjectLocation location, string uploadId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var manifest = uploads.ReadManifest(location, uploadId);
        await Task.Yield();
        foreach (var part in ReadParts(uploadId, manifest.Algorithm))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new UploadedPart(part.Number, part.Length, StoredPart.ETagOf(part.Crc));
        }
    }

    /// <inheritdoc />
    public async Task<CompletedObject> CompleteAsync(ObjectLocation location, string uploadId, IReadOnlyList<PartRecord> parts, PartChecksums objectCrc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var manifest = uploads.ReadManifest(location, uploadId);
        var ordered = Select(parts, ReadParts(uploadId, manifest.Algorithm).ToDictionary(p => p.Number));
        var crc = Crc.CombineParts(manifest.Algorithm, ordered.Select(p => new PartRecord(p.Number, 0, p.Length, string.Empty, p.Crc)));
        if (objectCrc.Algorithm == manifest.Algorithm && objectCrc.Crc != crc)
        {
            throw new TargetException(TargetErrorKind.ChecksumMismatch, "BadDigest", $"The whole-object CRC sent ({objectCrc.Crc:x16}) differs from the CRC of the parts ({crc:x16}).");
        }

        var destination = paths.Resolve(location);
        var folder = uploads.PathOf(uploadId);
        if (PlacedParts.AreContiguous(ordered))
        {
            await PlacedParts.MoveIntoPlaceAsync(folder, ordered, manifest.Algorithm, crc, destination, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await StagedParts.AssembleAsync(folder, ordered, destination, cancellationToken).ConfigureAwait(false);
        }

        FileSystemErrors.Guard(() =>
        {
            properties.Write(location, manifest);
            uploads.Delete(uploadId);
        });
        return new CompletedObject(StoredPart.ETagOf(crc) + "-" + parts.Count.ToString(CultureInfo.InvariantCulture), crc);
    }

    /// <inheritdoc />
    public Task AbortAsync(ObjectLocation location, string uploadId, CancellationToken cancellationToken = default)
    {
        _ = uploads.ReadManifest(location, uploadId);
        FileSystemErrors.Guard(() => uploads.Delete(uploadId));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<PendingUpload> ListUploadsAsync(string bucket, string keyPrefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        ArgumentNullException.ThrowIfNull(keyPrefix);
        await Task.Yield();
        foreach (var (uploadId, manifest) in uploads.List())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (string.Equals(manifest.Bucket, bucket, StringComparison.Ordinal) && manifest.Key.StartsWith(keyPrefix, StringComparison.Ordinal))
            {
                yield return new PendingUpload(new ObjectLocation(manifest.Bucket, manifest.Key), uploadId, manifest.InitiatedAt);
            }
        }
    }

    /// <inheritdoc />
    public async Task<CompletedObject> PutAsync(ObjectLocation location, Stream content, long length, PartChecksums checksums, ObjectProperties properties, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(properties);
        properties.Validate(Capabilities);
        var crc = await put.PutAsync(location, content, length, checksums, properties, cancellationToken).ConfigureAwait(false);
        return new CompletedObject(StoredPart.ETagOf(crc), crc);
    }

    /// <summary>Reads the content type and metadata stored with an object, or <see langword="null"/> if it has none.</summary>
    /// <param name="location">The object.</param>
    /// <returns>The properties.</returns>
    internal ObjectProperties? GetProperties(ObjectLocation location) => properties.Read(location);

    /// <summary>Gives the file an object is (or would be) stored in.</summary>
    /// <param name="location">The object.</param>
    /// <returns>The absolute path under the root.</returns>
    /// <exception cref="TargetException">The bucket or key is invalid or escapes the root.</exception>
    internal string ResolveObjectPath(ObjectLocation location) => paths.Resolve(location);

    /// <summary>Checks the caller's part list against the parts on disk and gives those parts in its order.</summary>
    private List<StoredPart> Select(IReadOnlyList<PartRecord> parts, Dictionary<int, StoredPart> stored)
    {
        var ordered = new List<StoredPart>(parts.Count);
        for (var i = 0; i < parts.Count; i++)
        {
            var wanted = parts[i];
            if (wanted.PartNumber != i + 1)
            {
                throw Errors.PartsOutOfOrder(i + 1, wanted.PartNumber);
            }

            if (!stored.TryGetValue(wanted.PartNumber, out var part) || !string.Equals(StoredPart.ETagOf(part.Crc), wanted.ETag, StringComparison.Ordinal))
            {
                throw new TargetException(TargetErrorKind.InvalidPart, "InvalidPart", $"Part {wanted.PartNumber} was not uploaded or its ETag differs.");
            }

            if (i < parts.Count - 1 && part.Length < Capabilities.MinPartSize)
            {
                throw new TargetException(TargetErrorKind.PartTooSmall, "EntityTooSmall", $"Part {part.Number} has {part.Length} bytes; parts other than the last need at least {Capabilities.MinPartSize}.");
            }

            ordered.Add(part);
        }

        return ordered;
    }

    private List<StoredPart> ReadParts(string uploadId, ChecksumAlgorithm algorithm)
    {
        var folder = uploads.PathOf(uploadId);
        var parts = StagedParts.Read(folder).Concat(PlacedParts.Read(folder, algorithm));

        // A part number has one record; should a killed re-upload have left both kinds, the newest one counts.
        return [.. parts.GroupBy(p => p.Number).Select(g => g.Count() == 1 ? g.First() : g.MaxBy(p => File.GetLastWriteTimeUtc(p.MarkerPath))!).OrderBy(p => p.Number)];
    }
}
