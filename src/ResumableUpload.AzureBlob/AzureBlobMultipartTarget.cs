using System.Globalization;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using ResumableUpload.Shared;

namespace ResumableUpload.AzureBlob;

/// <summary>
/// Azure Blob Storage block blobs as a multipart target: a part is a block staged under a fixed-length id derived
/// from the upload id and the part number, and complete commits the block list with the content type and metadata.
/// </summary>
/// <remarks>
/// <para>
/// Initiate draws a random upload id and writes a small manifest blob, <c>.rupload-uploads/&lt;upload id&gt;</c>, in
/// the object's container (see <c>UploadManifest</c>): it holds the content type and metadata for complete, and it is
/// what makes the upload exist for upload part, list parts, complete and list uploads. Keys under
/// <c>.rupload-uploads/</c> are rejected.
/// </para>
/// <para>
/// Abort deletes the manifest and never writes to the object's blob: committed content stays as it is, and the
/// upload's staged blocks stay uncommitted until the service discards them (Azure: after a week) or the next commit
/// of that blob does. Discarding them at once would need a commit on the blob, which would replace (or, for a new
/// blob, briefly create) the visible object and drop other uploads' blocks.
/// </para>
/// <para>
/// The service verifies Content-MD5 when the uploader sends it. It has no minimum block size, blocks up to 4000 MiB
/// and 50,000 committed blocks per blob; it reports no whole-object CRC in an algorithm the uploader uses.
/// </para>
/// </remarks>
public sealed class AzureBlobMultipartTarget : IMultipartTarget
{
    /// <summary>The largest block, 4000 MiB.</summary>
    public const long MaxPartSize = 4000L * 1024 * 1024;

    /// <summary>The most committed blocks in one blob.</summary>
    public const int MaxPartCount = 50_000;

    private readonly Func<string, BlobContainerClient> containers;
    private readonly string? defaultContainer;
    private readonly UploadRegistry uploads;

    /// <summary>Initializes a new instance of the <see cref="AzureBlobMultipartTarget"/> class for every container of an account.</summary>
    /// <param name="service">
    /// The account's client. Its own retries (<c>BlobClientOptions.Retry</c>, 3 by default) multiply with the uploader's:
    /// set <c>Retry.MaxRetries = 0</c> for one retry layer, as <see cref="Create"/> does.
    /// </param>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    public AzureBlobMultipartTarget(BlobServiceClient service, AzureBlobTargetOptions? options = null)
        : this(options, IdentityOf(service?.Uri))
    {
        ArgumentNullException.ThrowIfNull(service);
        containers = service.GetBlobContainerClient;
    }

    /// <summary>Initializes a new instance of the <see cref="AzureBlobMultipartTarget"/> class for one container (for example one reached with a container SAS).</summary>
    /// <param name="container">The container; requests must name it or leave the bucket empty. Its own retries multiply with the uploader's, as for a service client.</param>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    public AzureBlobMultipartTarget(BlobContainerClient container, AzureBlobTargetOptions? options = null)
        : this(options, IdentityOf(ServiceUriOf(container)))
    {
        ArgumentNullException.ThrowIfNull(container);
        defaultContainer ??= container.Name;
        containers = name => string.Equals(name, container.Name, StringComparison.Ordinal)
            ? container
            : throw new TargetException(TargetErrorKind.InvalidRequest, "InvalidContainer", $"This target writes to the container '{container.Name}' only, not '{name}'.");
    }

    private AzureBlobMultipartTarget(AzureBlobTargetOptions? options, string identity)
    {
        options ??= new AzureBlobTargetOptions();
        options.Validate();
        defaultContainer = options.DefaultContainer;
        uploads = new UploadRegistry(options.ListPageSize);
        Identity = identity;
        containers = _ => throw new InvalidOperationException();
    }

    /// <inheritdoc />
    public string Identity { get; }

    /// <inheritdoc />
    public TargetCapabilities Capabilities { get; } = new()
    {
        MinPartSize = 1,
        MaxPartSize = MaxPartSize,
        MaxPartCount = MaxPartCount,
        CanListParts = true,
        PartChecksums = [],
        ObjectChecksums = [],
        SupportsContentMd5 = true,
        SupportedProperties = AzureObjectOptions.Supported,
        StorageClasses = AzureObjectOptions.AccessTiers,
    };

    /// <summary>
    /// Creates a target from a storage connection string, on a client with the SDK's own retries off
    /// (<c>Retry.MaxRetries = 0</c>): the uploader retries every call itself (<see cref="RetryingMultipartTarget"/>), and
    /// two retry layers would multiply the attempts.
    /// </summary>
    /// <param name="connectionString">The connection string (account key or SAS).</param>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    /// <returns>The target.</returns>
    public static AzureBlobMultipartTarget Create(string connectionString, AzureBlobTargetOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var clientOptions = options?.ServiceVersion is { } version ? new BlobClientOptions(version) : new BlobClientOptions();
        clientOptions.Retry.MaxRetries = 0;
        if (options is not null)
        {
            clientOptions.Retry.NetworkTimeout = options.NetworkTimeout; // validated with the rest by the constructor
        }

        options?.ConfigureClient?.Invoke(clientOptions);
        return new AzureBlobMultipartTarget(new BlobServiceClient(connectionString, clientOptions), options);
    }

    /// <inheritdoc />
    public async Task<string> InitiateAsync(ObjectLocation location, ObjectProperties properties, ChecksumAlgorithm algorithm, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(properties);
        properties.Validate(Capabilities);
        return await UploadRegistry.CreateAsync(Container(location), location, properties, algorithm, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<UploadedPart> UploadPartAsync(PartUploadRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.PartNumber > MaxPartCount)
        {
            throw new TargetException(TargetErrorKind.InvalidRequest, "InvalidPartNumber", $"Part number {request.PartNumber} is above {MaxPartCount}.");
        }

        var container = Container(request.Location);
        await UploadRegistry.RequireAsync(container, request.Location, request.UploadId, cancellationToken).ConfigureAwait(false);
        var blockId = BlockIds.For(request.UploadId, request.PartNumber);
        var content = request.OpenContent();
        await using (content.ConfigureAwait(false))
        {
            await AzureBlobErrorMapper.SendAsync(
                () => container.GetBlockBlobClient(request.Location.Key).StageBlockAsync(blockId, content, new BlockBlobStageBlockOptions { TransferValidation = ValidationFor(request.Checksums) }, cancellationToken),
                "stage block " + request.PartNumber.ToString(CultureInfo.InvariantCulture),
                UploadRegistry.Where(request.Location),
                cancellationToken).ConfigureAwait(false);
        }

        return new UploadedPart(request.PartNumber, request.Length, blockId);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<UploadedPart> ListPartsAsync(ObjectLocation location, string uploadId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var container = Container(location);
        await UploadRegistry.RequireAsync(container, location, uploadId, cancellationToken).ConfigureAwait(false);
        var parts = new List<UploadedPart>();
        foreach (var block in await UncommittedBlocksAsync(container, location, cancellationToken).ConfigureAwait(false))
        {
            if (BlockIds.TryParse(block.Name, uploadId, out var number))
            {
                parts.Add(new UploadedPart(number, block.SizeLong, block.Name));
            }
        }

        parts.Sort((a, b) => a.PartNumber.CompareTo(b.PartNumber));
        foreach (var part in parts)
        {
            yield return part;
        }
    }

    /// <inheritdoc />
    public async Task<CompletedObject> CompleteAsync(ObjectLocation location, string uploadId, IReadOnlyList<PartRecord> parts, PartChecksums objectCrc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var container = Container(location);
        var blockIds = new List<string>(parts.Count);
        for (var i = 0; i < parts.Count; i++)
        {
            if (parts[i].PartNumber != i + 1)
            {
                throw Errors.PartsOutOfOrder(i + 1, parts[i].PartNumber);
            }

            blockIds.Add(BlockIds.For(uploadId, parts[i].PartNumber));
        }

        var manifest = await UploadRegistry.ReadAsync(container, location, uploadId, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < parts.Count; i++)
        {
            if (!string.Equals(parts[i].ETag, blockIds[i], StringComparison.Ordinal))
            {
                throw new TargetException(TargetErrorKind.InvalidPart, "InvalidPart", $"Part {parts[i].PartNumber}'s ETag is not the block id of this upload's part.");
            }
        }

        var options = AzureObjectOptions.Commit(manifest.Properties);
        var committed = await AzureBlobErrorMapper.SendAsync(
            () => container.GetBlockBlobClient(location.Key).CommitBlockListAsync(blockIds, options, cancellationToken),
            "commit block list",
            UploadRegistry.Where(location),
            cancellationToken).ConfigureAwait(false);
        try
        {
            await UploadRegistry.DeleteAsync(container, uploadId, location, cancellationToken).ConfigureAwait(false);
        }
        catch (TargetException)
        {
            // The object is committed; a manifest left behind only lists a finished upload, which abort then removes.
        }

        return new CompletedObject(committed.Value.ETag.ToString(), null);
    }

    /// <inheritdoc />
    public async Task AbortAsync(ObjectLocation location, string uploadId, CancellationToken cancellationToken = default)
    {
        var container = Container(location);
        await UploadRegistry.RequireAsync(container, location, uploadId, cancellationToken).ConfigureAwait(false);
        await UploadRegistry.DeleteAsync(container, uploadId, location, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<PendingUpload> ListUploadsAsync(string bucket, string keyPrefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        ArgumentNullException.ThrowIfNull(keyPrefix);
        await foreach (var upload in uploads.ListAsync(Container(new ObjectLocation(bucket, string.Empty)), bucket, keyPrefix, cancellationToken).ConfigureAwait(false))
        {
            yield return upload;
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Stages the content as one block (with its Content-MD5, which the service verifies) and commits it: the SDK's
    /// single-request upload neither takes a precalculated MD5 nor promises not to split the content.
    /// </remarks>
    public async Task<CompletedObject> PutAsync(ObjectLocation location, Stream content, long length, PartChecksums checksums, ObjectProperties properties, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(properties);
        properties.Validate(Capabilities);
        var container = Container(location);
        UploadRegistry.CheckKey(location.Key);
        var blob = container.GetBlockBlobClient(location.Key);
        return await AzureBlobErrorMapper.SendAsync(() => PutBlockAsync(blob, content, length, checksums, properties, cancellationToken), "put blob", UploadRegistry.Where(location), cancellationToken).ConfigureAwait(false);
    }

    private static UploadTransferValidationOptions NoValidation { get; } = new() { ChecksumAlgorithm = StorageChecksumAlgorithm.None };

    private static async Task<CompletedObject> PutBlockAsync(BlockBlobClient blob, Stream content, long length, PartChecksums checksums, ObjectProperties properties, CancellationToken cancellationToken)
    {
        var blockIds = new List<string>(1);
        if (length > 0)
        {
            var blockId = BlockIds.For(BlockIds.NewUploadId(), 1);
            await blob.StageBlockAsync(blockId, content, new BlockBlobStageBlockOptions { TransferValidation = ValidationFor(checksums) }, cancellationToken).ConfigureAwait(false);
            blockIds.Add(blockId);
        }

        var committed = await blob.CommitBlockListAsync(blockIds, AzureObjectOptions.Commit(properties), cancellationToken).ConfigureAwait(false);
        return new CompletedObject(committed.Value.ETag.ToString(), null);
    }

    // Content-MD5 when the uploader computed it; never the SDK's own CRC64 (Azurite stores its framing bytes).
    private static UploadTransferValidationOptions ValidationFor(PartChecksums checksums)
        => checksums.Md5.IsEmpty ? NoValidation : new UploadTransferValidationOptions { ChecksumAlgorithm = StorageChecksumAlgorithm.MD5, PrecalculatedChecksum = checksums.Md5 };

    private static Uri? ServiceUriOf(BlobContainerClient? container)
    {
        if (container is null)
        {
            return null;
        }

        // The container URL without its last segment is the account endpoint (also for path-style emulator URLs).
        var builder = new UriBuilder(container.Uri) { Query = string.Empty };
        var path = builder.Path.TrimEnd('/');
        builder.Path = path[..Math.Max(0, path.LastIndexOf('/'))];
        return builder.Uri;
    }

    private static string IdentityOf(Uri? serviceUri)
        => serviceUri is null ? "azblob:" : "azblob:" + serviceUri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped).TrimEnd('/');

    private static async Task<IReadOnlyList<BlobBlock>> UncommittedBlocksAsync(BlobContainerClient container, ObjectLocation location, CancellationToken cancellationToken)
    {
        return await AzureBlobErrorMapper.SendAsync<IReadOnlyList<BlobBlock>>(
            async () =>
            {
                try
                {
                    var list = await container.GetBlockBlobClient(location.Key).GetBlockListAsync(BlockListTypes.Uncommitted, cancellationToken: cancellationToken).ConfigureAwait(false);
                    return [.. list.Value.UncommittedBlocks ?? []];
                }
                catch (RequestFailedException ex) when (ex.Status == 404 && ex.ErrorCode == "BlobNotFound")
                {
                    return []; // nothing staged yet
                }
            },
            "get block list",
            UploadRegistry.Where(location),
            cancellationToken).ConfigureAwait(false);
    }

    private BlobContainerClient Container(ObjectLocation location)
    {
        var name = location.Bucket.Length > 0 ? location.Bucket : defaultContainer
            ?? throw new TargetException(TargetErrorKind.InvalidRequest, "InvalidContainer", "The request names no container and the target has no DefaultContainer.");
        return containers(name);
    }
}
