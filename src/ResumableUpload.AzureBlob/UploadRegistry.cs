using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace ResumableUpload.AzureBlob;

/// <summary>
/// Emulates multipart uploads, which Azure Blob Storage does not have: an upload exists while its manifest blob
/// (<see cref="UploadManifest"/>) does. Initiate writes it, upload part, list parts and complete check it, abort deletes
/// it, and listing uploads lists manifests.
/// </summary>
internal sealed class UploadRegistry(int pageSize)
{
    private static UploadTransferValidationOptions NoValidation { get; } = new() { ChecksumAlgorithm = StorageChecksumAlgorithm.None };

    /// <summary>Rejects an empty key or one in the manifests' reserved folder.</summary>
    public static void CheckKey(string key)
    {
        if (string.IsNullOrEmpty(key) || key.StartsWith(UploadManifest.Folder, StringComparison.Ordinal))
        {
            throw new TargetException(TargetErrorKind.InvalidRequest, "InvalidKey", $"The key '{key}' is empty or lies in the reserved folder {UploadManifest.Folder}.");
        }
    }

    /// <summary>Draws an upload id and writes its manifest.</summary>
    /// <returns>The upload id.</returns>
    public static async Task<string> CreateAsync(BlobContainerClient container, ObjectLocation location, ObjectProperties properties, ChecksumAlgorithm algorithm, CancellationToken cancellationToken)
    {
        CheckKey(location.Key);
        var uploadId = BlockIds.NewUploadId();
        var manifest = UploadManifest.For(location.Key, properties, algorithm);
        var options = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
            Metadata = new Dictionary<string, string> { [UploadManifest.KeyMetadataName] = UploadManifest.EncodeKey(location.Key) },
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            TransferValidation = NoValidation,
        };
        using var content = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(manifest, UploadManifestJson.Default.UploadManifest));
        await AzureBlobErrorMapper.SendAsync(
            () => container.GetBlockBlobClient(UploadManifest.BlobName(uploadId)).UploadAsync(content, options, cancellationToken),
            "initiate (write manifest)",
            Where(location),
            cancellationToken).ConfigureAwait(false);
        return uploadId;
    }

    /// <summary>Checks that the upload exists and is an upload of <paramref name="location"/>.</summary>
    /// <exception cref="TargetException"><see cref="TargetErrorKind.UploadNotFound"/> when it is not.</exception>
    public static async Task RequireAsync(BlobContainerClient container, ObjectLocation location, string uploadId, CancellationToken cancellationToken)
    {
        CheckUploadId(uploadId, location);
        var properties = await AzureBlobErrorMapper.SendAsync(
            async () =>
            {
                try
                {
                    return (await container.GetBlobClient(UploadManifest.BlobName(uploadId)).GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
                }
                catch (RequestFailedException ex) when (ex.Status == 404 && ex.ErrorCode is "BlobNotFound" or null or "")
                {
                    throw NoSuchUpload(uploadId, location, ex);
                }
            },
            "find upload",
            Where(location),
            cancellationToken).ConfigureAwait(false);
        if (UploadManifest.DecodeKey(KeyOf(properties.Metadata)) != location.Key)
        {
            throw NoSuchUpload(uploadId, location);
        }
    }

    /// <summary>Reads the manifest of an upload of <paramref name="location"/>.</summary>
    /// <exception cref="TargetException"><see cref="TargetErrorKind.UploadNotFound"/> when there is no such upload.</exception>
    public static async Task<UploadManifest> ReadAsync(BlobContainerClient container, ObjectLocation location, string uploadId, CancellationToken cancellationToken)
    {
        CheckUploadId(uploadId, location);
        var manifest = await AzureBlobErrorMapper.SendAsync(
            async () =>
            {
                try
                {
                    var content = await container.GetBlobClient(UploadManifest.BlobName(uploadId)).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
                    return JsonSerializer.Deserialize(content.Value.Content.ToMemory().Span, UploadManifestJson.Default.UploadManifest);
                }
                catch (RequestFailedException ex) when (ex.Status == 404 && ex.ErrorCode is "BlobNotFound" or null or "")
                {
                    throw NoSuchUpload(uploadId, location, ex);
                }
                catch (JsonException ex)
                {
                    throw new TargetException(TargetErrorKind.UploadNotFound, "NoSuchUpload", $"The manifest of upload {uploadId} is damaged.", innerException: ex);
                }
            },
            "read manifest",
            Where(location),
            cancellationToken).ConfigureAwait(false);
        return manifest is not null && manifest.Key == location.Key ? manifest : throw NoSuchUpload(uploadId, location);
    }

    /// <summary>Deletes the manifest: from then on the upload does not exist.</summary>
    public static Task DeleteAsync(BlobContainerClient container, string uploadId, ObjectLocation location, CancellationToken cancellationToken)
        => AzureBlobErrorMapper.SendAsync(
            () => container.GetBlobClient(UploadManifest.BlobName(uploadId)).DeleteAsync(cancellationToken: cancellationToken),
            "abort (delete manifest)",
            Where(location),
            cancellationToken,
            TargetErrorKind.UploadNotFound);

    /// <summary>Lists the uploads in the container whose keys start with <paramref name="keyPrefix"/>, a page of manifests at a time.</summary>
    public async IAsyncEnumerable<PendingUpload> ListAsync(BlobContainerClient container, string bucket, string keyPrefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? continuation = null;
        do
        {
            var page = await AzureBlobErrorMapper.SendAsync(() => FirstPageAsync(container, continuation, cancellationToken), "list uploads", container.Name, cancellationToken).ConfigureAwait(false);
            foreach (var item in page.Values)
            {
                var uploadId = item.Name[UploadManifest.Folder.Length..];
                var key = UploadManifest.DecodeKey(KeyOf(item.Metadata));
                if (key is not null && BlockIds.IsUploadId(uploadId) && key.StartsWith(keyPrefix, StringComparison.Ordinal))
                {
                    yield return new PendingUpload(new ObjectLocation(bucket, key), uploadId, item.Properties.CreatedOn ?? item.Properties.LastModified ?? DateTimeOffset.MinValue);
                }
            }

            continuation = string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken;
        }
        while (continuation is not null);
    }

    public static string Where(ObjectLocation location) => $"{location.Bucket}/{location.Key}";

    private static void CheckUploadId(string uploadId, ObjectLocation location)
    {
        if (!BlockIds.IsUploadId(uploadId))
        {
            throw NoSuchUpload(uploadId, location);
        }
    }

    private static string? KeyOf(IDictionary<string, string>? metadata)
        => metadata is not null && metadata.TryGetValue(UploadManifest.KeyMetadataName, out var value) ? value : null;

    private static TargetException NoSuchUpload(string uploadId, ObjectLocation location, Exception? inner = null)
        => new(TargetErrorKind.UploadNotFound, "NoSuchUpload", $"The upload {uploadId} of {Where(location)} does not exist; it may have been completed or aborted.", statusCode: 404, innerException: inner);

    private async Task<Page<BlobItem>> FirstPageAsync(BlobContainerClient container, string? continuation, CancellationToken cancellationToken)
    {
        var pages = container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata, Prefix = UploadManifest.Folder }, cancellationToken).AsPages(continuation, pageSize);
        await foreach (var page in pages.ConfigureAwait(false))
        {
            return page;
        }

        return Page<BlobItem>.FromValues([], null, null!);
    }
}
