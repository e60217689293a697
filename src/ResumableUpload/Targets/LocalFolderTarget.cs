using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ResumableUpload.Hashing;
using ResumableUpload.Internal;

namespace ResumableUpload;

/// <summary>
/// A folder on a local or mounted file system used as an object store. Parts are staged under
/// <c>&lt;root&gt;/.rupload-uploads/&lt;upload id&gt;/</c> and verified against the checksums they arrive with;
/// complete assembles them into a temporary file in that folder (so a killed complete leaves nothing next to the
/// object), checks the whole-object CRC, flushes it and renames it into place, atomically when the object's folder
/// is on the root's file system. Keys that would escape the root are rejected.
/// </summary>
public sealed partial class LocalFolderTarget : IMultipartTarget
{
    internal const string StagingFolderName = ".rupload-uploads";
    internal const string PropertiesFolderName = ".rupload-properties";
    private const string ManifestName = "upload.json";

    // An upload folder appears by renaming a prepared one and disappears by being renamed before it is deleted, so a
    // process killed at any moment leaves either a whole upload or one of these, which the next initiate removes.
    private const string PreparingSuffix = ".new";
    private const string DeletingSuffix = ".gone";
    private const int InitiateAttempts = 3;
    private const string PartExtension = ".part";

    private readonly string root;
    private readonly string staging;

    /// <summary>Initializes a new instance of the <see cref="LocalFolderTarget"/> class.</summary>
    /// <param name="root">The folder that objects are written under; created if missing.</param>
    public LocalFolderTarget(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        this.root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        staging = Path.Combine(this.root, StagingFolderName);
        Identity = "file://" + this.root.Replace('\\', '/');
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
    };

    /// <inheritdoc />
    public Task<string> InitiateAsync(ObjectLocation location, ObjectProperties properties, ChecksumAlgorithm algorithm, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(properties);
        _ = ResolveObjectPath(location);
        var manifest = new UploadManifest(location.Bucket, location.Key, DateTimeOffset.UtcNow, algorithm, properties.ContentType, new Dictionary<string, string>(properties.Metadata));
        var bytes = JsonSerializer.SerializeToUtf8Bytes(manifest, LocalFolderJson.Default.UploadManifest);
        Guarded(() =>
        {
            PrivateFiles.CreateDirectory(staging);
            RemoveDebris();
        });
        for (var attempt = 1; ; attempt++)
        {
            var uploadId = Guid.NewGuid().ToString("N");
            var folder = UploadFolder(uploadId);
            var preparing = folder + PreparingSuffix;
            try
            {
                Guarded(() =>
                {
                    PrivateFiles.CreateDirectory(preparing);
                    File.WriteAllBytes(Path.Combine(preparing, ManifestName), bytes);
                    Directory.Move(preparing, folder);
                });
                return Task.FromResult(uploadId);
            }
            catch (TargetException ex) when (ex.InnerException is DirectoryNotFoundException && attempt < InitiateAttempts)
            {
                // Another initiate took this half-prepared folder for a killed one and removed it: prepare another.
            }
        }
    }

    /// <inheritdoc />
    public async Task<UploadedPart> UploadPartAsync(PartUploadRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.PartNumber > Capabilities.MaxPartCount)
        {
            throw new TargetException(TargetErrorKind.InvalidRequest, "InvalidPartNumber", $"Part number {request.PartNumber} is above {Capabilities.MaxPartCount}.");
        }

        var manifest = ReadManifest(request.Location, request.UploadId);
        var folder = UploadFolder(request.UploadId);
        if (request.ObjectOffset is { } offset)
        {
            return await UploadPlacedPartAsync(request, offset, manifest.Algorithm, folder, cancellationToken).ConfigureAwait(false);
        }

        var temp = Path.Combine(folder, $"{request.PartNumber:D5}.{Guid.NewGuid():N}.tmp");
        try
        {
            var crc = await WriteVerifiedAsync(request, manifest.Algorithm, temp, cancellationToken).ConfigureAwait(false);
            var final = Path.Combine(folder, PartFileName(request.PartNumber, crc));
            Guarded(() =>
            {
                File.Move(temp, final, overwrite: true);
                RemovePartFiles(folder, request.PartNumber, except: final);
            });
            return new UploadedPart(request.PartNumber, request.Length, ETagOf(crc));
        }
        finally
        {
            TryDelete(temp);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<UploadedPart> ListPartsAsync(ObjectLocation location, string uploadId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        _ = ReadManifest(location, uploadId);
        await Task.Yield();
        foreach (var part in ReadParts(uploadId))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new UploadedPart(part.Number, part.Length, ETagOf(part.Crc));
        }
    }

    /// <inheritdoc />
    public async Task<CompletedObject> CompleteAsync(ObjectLocation location, string uploadId, IReadOnlyList<PartRecord> parts, PartChecksums objectCrc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var manifest = ReadManifest(location, uploadId);
        var stored = ReadParts(uploadId).ToDictionary(p => p.Number);
        var ordered = new List<StagedPart>(parts.Count);
        for (var i = 0; i < parts.Count; i++)
        {
            var wanted = parts[i];
            if (wanted.PartNumber != i + 1)
            {
                throw new TargetException(TargetErrorKind.InvalidRequest, "InvalidPartOrder", $"Parts must be numbered from 1 without gaps; position {i + 1} holds part {wanted.PartNumber}.");
            }

            if (!stored.TryGetValue(wanted.PartNumber, out var part) || !string.Equals(ETagOf(part.Crc), wanted.ETag, StringComparison.Ordinal))
            {
                throw new TargetException(TargetErrorKind.InvalidPart, "InvalidPart", $"Part {wanted.PartNumber} was not uploaded or its ETag differs.");
            }

            if (i < parts.Count - 1 && part.Length < Capabilities.MinPartSize)
            {
                throw new TargetException(TargetErrorKind.PartTooSmall, "EntityTooSmall", $"Part {part.Number} has {part.Length} bytes; parts other than the last need at least {Capabilities.MinPartSize}.");
            }

            ordered.Add(part);
        }

        var crc = Crc.CombineParts(manifest.Algorithm, ordered.Select(p => new PartRecord(p.Number, 0, p.Length, string.Empty, p.Crc)));
        if (objectCrc.Algorithm == manifest.Algorithm && objectCrc.Crc != crc)
        {
            throw new TargetException(TargetErrorKind.ChecksumMismatch, "BadDigest", $"The whole-object CRC sent ({objectCrc.Crc:x16}) differs from the CRC of the parts ({crc:x16}).");
        }

        var destination = ResolveObjectPath(location);
        if (IsPlacedContiguously(ordered))
        {
            await CompletePlacedAsync(location, uploadId, manifest, ordered, crc, destination, cancellationToken).ConfigureAwait(false);
            return new CompletedObject(ETagOf(crc) + "-" + parts.Count.ToString(CultureInfo.InvariantCulture), crc);
        }

        // Assembled inside the upload's own folder, so a process killed here leaves the partial copy where the resumed
        // complete (or an abort) removes it with the folder, not next to the object.
        var temp = Path.Combine(UploadFolder(uploadId), $"{Guid.NewGuid():N}.rupload-tmp");
        try
        {
            Guarded(() => Directory.CreateDirectory(Path.GetDirectoryName(destination)!));
            await AssembleAsync(uploadId, ordered, temp, cancellationToken).ConfigureAwait(false);
            Guarded(() =>
            {
                File.Move(temp, destination, overwrite: true);
                WriteProperties(location, manifest);
                DeleteUploadFolder(uploadId);
            });
        }
        finally
        {
            TryDelete(temp);
        }

        return new CompletedObject(ETagOf(crc) + "-" + parts.Count.ToString(CultureInfo.InvariantCulture), crc);
    }

    /// <inheritdoc />
    public Task AbortAsync(ObjectLocation location, string uploadId, CancellationToken cancellationToken = default)
    {
        _ = ReadManifest(location, uploadId);
        Guarded(() => DeleteUploadFolder(uploadId));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<PendingUpload> ListUploadsAsync(string bucket, string keyPrefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        ArgumentNullException.ThrowIfNull(keyPrefix);
        await Task.Yield();
        if (!Directory.Exists(staging))
        {
            yield break;
        }

        foreach (var folder in Directory.EnumerateDirectories(staging))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!IsUploadId(Path.GetFileName(folder)))
            {
                continue; // being prepared or deleted
            }

            UploadManifest? manifest;
            try
            {
                manifest = JsonSerializer.Deserialize(File.ReadAllBytes(Path.Combine(folder, ManifestName)), LocalFolderJson.Default.UploadManifest);
            }
            catch (Exception ex) when (ex is IOException or JsonException)
            {
                continue; // being created or removed right now
            }

            if (manifest is not null && string.Equals(manifest.Bucket, bucket, StringComparison.Ordinal) && manifest.Key.StartsWith(keyPrefix, StringComparison.Ordinal))
            {
                yield return new PendingUpload(new ObjectLocation(manifest.Bucket, manifest.Key), Path.GetFileName(folder), manifest.InitiatedAt);
            }
        }
    }

    /// <inheritdoc />
    public async Task<CompletedObject> PutAsync(ObjectLocation location, Stream content, long length, PartChecksums checksums, ObjectProperties properties, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(properties);
        var destination = ResolveObjectPath(location);

        // Written in the staging folder under a name derived from the object, so a process killed mid-put leaves its
        // partial copy where the next put of that object finds and removes it, not hidden next to the object.
        var prefix = PutTempPrefix(destination);
        var temp = Path.Combine(staging, $"{prefix}{Guid.NewGuid():N}.rupload-tmp");
        try
        {
            Guarded(() =>
            {
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                PrivateFiles.CreateDirectory(staging);
                RemoveStalePutFiles(prefix);
            });
            var request = new PartUploadRequest(location, "put", 1, length, checksums, () => content);
            var crc = await WriteVerifiedAsync(request, checksums.Algorithm, temp, cancellationToken).ConfigureAwait(false);
            Guarded(() =>
            {
                File.Move(temp, destination, overwrite: true);
                WriteProperties(location, new UploadManifest(location.Bucket, location.Key, DateTimeOffset.UtcNow, checksums.Algorithm, properties.ContentType, new Dictionary<string, string>(properties.Metadata)));
            });
            return new CompletedObject(ETagOf(crc), crc);
        }
        finally
        {
            TryDelete(temp);
        }
    }

    /// <summary>Reads the content type and metadata stored with an object, or <see langword="null"/> if it has none.</summary>
    /// <param name="location">The object.</param>
    /// <returns>The properties.</returns>
    internal ObjectProperties? GetProperties(ObjectLocation location)
    {
        var path = PropertiesPath(location);
        if (!File.Exists(path))
        {
            return null;
        }

        var manifest = JsonSerializer.Deserialize(File.ReadAllBytes(path), LocalFolderJson.Default.UploadManifest);
        return manifest is null ? null : new ObjectProperties { ContentType = manifest.ContentType, Metadata = manifest.Metadata };
    }

    /// <summary>Gives the file an object is (or would be) stored in.</summary>
    /// <param name="location">The object.</param>
    /// <returns>The absolute path under the root.</returns>
    /// <exception cref="TargetException">The bucket or key is invalid or escapes the root.</exception>
    internal string ResolveObjectPath(ObjectLocation location)
    {
        var bucket = location.Bucket ?? string.Empty;
        var key = location.Key ?? string.Empty;
        if (bucket.Length > 0 && (bucket.Contains('/', StringComparison.Ordinal) || bucket.Contains('\\', StringComparison.Ordinal) || bucket is "." or ".." || bucket.StartsWith('.')))
        {
            throw new TargetException(TargetErrorKind.InvalidRequest, "InvalidBucketName", $"The bucket '{bucket}' is not a single folder name.");
        }

        if (key.Length == 0 || key.Contains('\0', StringComparison.Ordinal) || Path.IsPathRooted(key) || key.StartsWith('/') || key.EndsWith('/'))
        {
            throw new TargetException(TargetErrorKind.InvalidRequest, "InvalidKey", $"The key '{key}' must be a relative path to a file.");
        }

        foreach (var segment in key.Split('/', '\\'))
        {
            if (segment is "" or "." or ".." or StagingFolderName or PropertiesFolderName)
            {
                throw new TargetException(TargetErrorKind.InvalidRequest, "InvalidKey", $"The key '{key}' escapes the root folder or names a reserved folder.");
            }
        }

        var full = Path.GetFullPath(Path.Combine(root, bucket, key));
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new TargetException(TargetErrorKind.InvalidRequest, "InvalidKey", $"The key '{key}' escapes the root folder.");
        }

        return full;
    }

    internal static string ETagOf(ulong crc) => crc.ToString("x16", CultureInfo.InvariantCulture);

    private static string PartFileName(int number, ulong crc) => $"{number:D5}-{ETagOf(crc)}{PartExtension}";

    private string PutTempPrefix(string destination)
        => "put-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Path.GetRelativePath(root, destination))), 0, 16) + ".";

    /// <summary>Removes the put files of one object that no put holds open (a put holds its file exclusively while writing it).</summary>
    private void RemoveStalePutFiles(string prefix)
    {
        foreach (var file in Directory.EnumerateFiles(staging, prefix + "*.rupload-tmp"))
        {
            try
            {
                new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.None).Dispose();

                // At worst a put that just closed its file, about to rename it, now fails and is run again: never a wrong object.
                File.Delete(file);
            }
            catch (IOException)
            {
                // being written, or already gone
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private static Task<ulong> WriteVerifiedAsync(PartUploadRequest request, ChecksumAlgorithm algorithm, string path, CancellationToken cancellationToken)
        => WriteVerifiedAsync(request, algorithm, () => new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous), cancellationToken);

    private static async Task<ulong> WriteVerifiedAsync(PartUploadRequest request, ChecksumAlgorithm algorithm, Func<FileStream> openOutput, CancellationToken cancellationToken)
    {
        var crc = Crc.CreateIncremental(algorithm);
        using var md5 = request.Checksums.Md5.IsEmpty ? null : System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.MD5);
        long written = 0;
        try
        {
            var content = request.OpenContent();
            await using (content.ConfigureAwait(false))
            {
                var output = openOutput();
                await using (output.ConfigureAwait(false))
                {
                    // A buffered part arrives as a MemoryStream over the uploader's pooled array: check and write those
                    // bytes where they are, without copying them through a second buffer first.
                    if (content is MemoryStream memory && memory.TryGetBuffer(out var whole))
                    {
                        var bytes = whole.AsMemory((int)memory.Position);
                        crc.Append(bytes.Span);
                        md5?.AppendData(bytes.Span);
                        await output.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                        written = bytes.Length;
                        memory.Position = memory.Length;
                    }

                    var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 20);
                    try
                    {
                        int read;
                        while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                        {
                            crc.Append(buffer.AsSpan(0, read));
                            md5?.AppendData(buffer, 0, read);
                            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                            written += read;
                        }
                    }
                    finally
                    {
                        System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                    }
                }
            }
        }
        catch (IOException ex)
        {
            throw IoError(ex);
        }

        if (written != request.Length)
        {
            throw new TargetException(TargetErrorKind.Permanent, "IncompleteBody", $"Part {request.PartNumber} declared {request.Length} bytes but carried {written}.");
        }

        var actual = Crc.GetCurrentValue(crc);
        if (request.Checksums.Algorithm == algorithm && request.Checksums.Crc != actual)
        {
            throw new TargetException(TargetErrorKind.ChecksumMismatch, "BadDigest", $"Part {request.PartNumber}: the CRC sent ({request.Checksums.Crc:x16}) does not match the bytes received ({actual:x16}).");
        }

        if (md5 is not null && !md5.GetHashAndReset().AsSpan().SequenceEqual(request.Checksums.Md5.Span))
        {
            throw new TargetException(TargetErrorKind.ChecksumMismatch, "BadDigest", $"Part {request.PartNumber}: the Content-MD5 does not match the bytes received.");
        }

        return actual;
    }

    private static async Task AssembleAsync(string uploadFolder, IReadOnlyList<StagedPart> parts, string temp, CancellationToken cancellationToken)
    {
        try
        {
            var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20, FileOptions.Asynchronous);
            await using (output.ConfigureAwait(false))
            {
                foreach (var part in parts)
                {
                    var input = new FileStream(part.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 20, FileOptions.Asynchronous | FileOptions.SequentialScan);
                    await using (input.ConfigureAwait(false))
                    {
                        if (part.Offset is { } offset)
                        {
                            input.Position = offset;
                            await CopyExactlyAsync(input, output, part.Length, cancellationToken).ConfigureAwait(false);
                        }
                        else
                        {
                            await input.CopyToAsync(output, 1 << 20, cancellationToken).ConfigureAwait(false);
                        }
                    }
                }

                output.Flush(flushToDisk: true);
            }
        }
        catch (IOException ex)
        {
            throw IoError(ex);
        }

        _ = uploadFolder;
    }

    private static TargetException IoError(IOException ex)
    {
        // ENOSPC (28) / ERROR_DISK_FULL (112) / ERROR_HANDLE_DISK_FULL (39)
        var code = ex.HResult & 0xFFFF;
        return code is 28 or 112 or 39
            ? new TargetException(TargetErrorKind.Permanent, "DiskFull", $"The target folder's file system is full: {ex.Message}", innerException: ex)
            : new TargetException(TargetErrorKind.Permanent, "IOError", ex.Message, innerException: ex);
    }

    private static void Guarded(Action action)
    {
        try
        {
            action();
        }
        catch (IOException ex)
        {
            throw IoError(ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new TargetException(TargetErrorKind.AccessDenied, "AccessDenied", ex.Message, innerException: ex);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static bool IsUploadId(string name) => name.Length == 32 && name.All(char.IsAsciiHexDigitLower);

    private static void TryDeleteFolder(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Renames the folder out of the way (the upload is gone from then on), then deletes it, best effort.</summary>
    private void DeleteUploadFolder(string uploadId)
    {
        var gone = UploadFolder(uploadId) + DeletingSuffix;
        Directory.Move(UploadFolder(uploadId), gone);
        TryDeleteFolder(gone);
    }

    /// <summary>
    /// Removes what killed processes leave in staging: folders being prepared or deleted, and (from versions that
    /// created and deleted upload folders in place) upload folders without their manifest. No listing shows them.
    /// </summary>
    private void RemoveDebris()
    {
        foreach (var folder in Directory.EnumerateDirectories(staging))
        {
            var name = Path.GetFileName(folder);
            if (name.EndsWith(PreparingSuffix, StringComparison.Ordinal) || name.EndsWith(DeletingSuffix, StringComparison.Ordinal)
                || (IsUploadId(name) && !File.Exists(Path.Combine(folder, ManifestName))))
            {
                TryDeleteFolder(folder);
            }
        }
    }

    private string UploadFolder(string uploadId)
    {
        if (!IsUploadId(uploadId))
        {
            throw new TargetException(TargetErrorKind.UploadNotFound, "NoSuchUpload", "The upload id is not one this target issued.");
        }

        return Path.Combine(staging, uploadId);
    }

    private UploadManifest ReadManifest(ObjectLocation location, string uploadId)
    {
        var path = Path.Combine(UploadFolder(uploadId), ManifestName);
        UploadManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(File.ReadAllBytes(path), LocalFolderJson.Default.UploadManifest);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new TargetException(TargetErrorKind.UploadNotFound, "NoSuchUpload", $"The upload {uploadId} does not exist; it may have been completed or aborted.", innerException: ex);
        }
        catch (JsonException ex)
        {
            throw new TargetException(TargetErrorKind.UploadNotFound, "NoSuchUpload", $"The upload {uploadId} is damaged.", innerException: ex);
        }

        if (manifest is null || !string.Equals(manifest.Bucket, location.Bucket, StringComparison.Ordinal) || !string.Equals(manifest.Key, location.Key, StringComparison.Ordinal))
        {
            throw new TargetException(TargetErrorKind.UploadNotFound, "NoSuchUpload", $"The upload {uploadId} does not belong to '{location}'.");
        }

        return manifest;
    }

    private List<StagedPart> ReadParts(string uploadId)
    {
        var folder = UploadFolder(uploadId);
        var parts = new List<StagedPart>();
        foreach (var file in Directory.EnumerateFiles(folder, "*" + PartExtension))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var dash = name.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0
                && int.TryParse(name.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                && ulong.TryParse(name.AsSpan(dash + 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var crc))
            {
                parts.Add(new StagedPart(number, new FileInfo(file).Length, crc, file));
            }
        }

        parts.AddRange(ReadPlacedParts(folder));

        // A part number has one file; should a killed re-upload have left both kinds, the newest one counts.
        return [.. parts.GroupBy(p => p.Number).Select(g => g.Count() == 1 ? g.First() : g.MaxBy(p => File.GetLastWriteTimeUtc(p.MarkerPath))!).OrderBy(p => p.Number)];
    }

    private string PropertiesPath(ObjectLocation location)
    {
        var relative = Path.GetRelativePath(root, ResolveObjectPath(location));
        var name = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(relative)));
        return Path.Combine(root, PropertiesFolderName, name + ".json");
    }

    private void WriteProperties(ObjectLocation location, UploadManifest manifest)
    {
        var path = PropertiesPath(location);
        if (manifest.ContentType is null && manifest.Metadata.Count == 0)
        {
            TryDelete(path);
            return;
        }

        PrivateFiles.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(manifest, LocalFolderJson.Default.UploadManifest));
    }

    /// <summary>A part on disk: a whole file at <paramref name="Path"/>, or (placed) <paramref name="Length"/> bytes at <paramref name="Offset"/> of the upload's data file.</summary>
    private sealed record StagedPart(int Number, long Length, ulong Crc, string Path, long? Offset = null, string? Marker = null)
    {
        public string MarkerPath => Marker ?? Path;
    }
}

internal sealed record UploadManifest(string Bucket, string Key, DateTimeOffset InitiatedAt, ChecksumAlgorithm Algorithm, string? ContentType, Dictionary<string, string> Metadata);

[System.Text.Json.Serialization.JsonSerializable(typeof(UploadManifest))]
internal sealed partial class LocalFolderJson : System.Text.Json.Serialization.JsonSerializerContext;
