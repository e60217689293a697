using System.Globalization;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace ResumableUpload.S3;

/// <summary>
/// Amazon S3 and S3-compatible servers (Ceph RGW, MinIO, Alibaba OSS through its S3-compatible endpoint) as a
/// multipart target, on an <see cref="IAmazonS3"/> so that you keep the AWS SDK's credential and configuration chain.
/// </summary>
/// <remarks>
/// <para>
/// Limits are S3's: parts other than the last of at least 5 MiB, at most 5 GiB, at most 10,000 parts. With
/// <see cref="S3ChecksumCompatibility.AdditionalChecksums"/>, uploads whose algorithm is CRC-64/NVME or CRC-32C are
/// created as <c>FULL_OBJECT</c> checksum uploads: every part carries its CRC and complete sends the whole-object CRC
/// combined from the parts, which S3 verifies. CRC-64/XZ (the uploader's default, OSS's own) has no S3 equivalent, so
/// it is checked by the uploader only; Content-MD5 works everywhere.
/// </para>
/// <para>
/// Alibaba OSS: use its S3-compatible endpoint (<c>https://s3.oss-&lt;region id&gt;.aliyuncs.com</c>) with the
/// region id (for example <c>cn-hangzhou</c>) as <see cref="S3TargetOptions.Region"/>, virtual-hosted style (the
/// default for <c>*.aliyuncs.com</c>), an OSS AccessKey pair as AWS credentials and
/// <see cref="S3ChecksumCompatibility.WhenRequired"/>. OSS answers UploadPart, PutObject and CompleteMultipartUpload
/// with <c>x-oss-hash-crc64ecma</c>, the CRC-64/XZ of what it stored: with <see cref="ChecksumAlgorithm.Crc64Xz"/> the
/// target compares it (a part that differs is a <see cref="ChecksumMismatchException"/>) and reports it as the object's
/// CRC, which the uploader checks and shows as <see cref="UploadResult.CrcVerifiedByTarget"/>.
/// Ceph RGW before 19 needs <see cref="S3ChecksumCompatibility.WhenRequired"/> and path style (the default for an IP address).
/// </para>
/// <para>
/// Bodies are sent with a signed payload (<c>x-amz-content-sha256</c> of the whole part), not as <c>aws-chunked</c>
/// streams with a signature per chunk: the same SHA-256 and the same integrity check by the server, without the chunk
/// framing (measured here against Ceph RGW: less client CPU per GiB and more throughput; see benchmarks/README.md).
/// </para>
/// <para>
/// <see cref="Identity"/> is <c>s3:</c> + the endpoint (<c>aws</c> for Amazon S3) + <c>#</c> + the region; it never
/// contains credentials.
/// </para>
/// </remarks>
public sealed class S3MultipartTarget : IMultipartTarget, IDisposable
{
    /// <summary>S3's smallest part other than the last, 5 MiB.</summary>
    public const long MinPartSize = 5L * 1024 * 1024;

    /// <summary>S3's largest part, 5 GiB.</summary>
    public const long MaxPartSize = 5L * 1024 * 1024 * 1024;

    /// <summary>S3's largest number of parts in one upload.</summary>
    public const int MaxPartCount = 10_000;

    private readonly IAmazonS3 client;
    private readonly bool ownsClient;
    private readonly S3Requests requests;
    private readonly S3Queries queries;
    private readonly IDisposable? ossCrcHeader;
    private readonly S3PartSender? partSender;

    /// <summary>Initializes a new instance of the <see cref="S3MultipartTarget"/> class on a client of your own.</summary>
    /// <param name="client">
    /// The client; the target does not dispose it. Its own retries stay as you configured them and multiply with the
    /// uploader's (<see cref="UploadRetryOptions.MaxRetryAttempts"/> + 1 attempts of up to <c>MaxErrorRetry</c> + 1 requests
    /// each): set <c>MaxErrorRetry = 0</c> on its config for one retry layer, as <see cref="Create"/> does.
    /// </param>
    /// <param name="options">
    /// Target settings (<see cref="S3TargetOptions.ChecksumCompatibility"/>, <see cref="S3TargetOptions.ListPageSize"/>),
    /// or <see langword="null"/> for the defaults. Its client settings must be unset: configure <paramref name="client"/> instead.
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="options"/> sets client settings.</exception>
    /// <exception cref="System.ComponentModel.DataAnnotations.ValidationException">The options are invalid.</exception>
    public S3MultipartTarget(IAmazonS3 client, S3TargetOptions? options = null)
        : this(client, options ?? new S3TargetOptions(), ownsClient: false)
    {
        if (options is { HasClientSettings: true })
        {
            throw new ArgumentException("ServiceUrl, Region, Addressing, ForcePathStyle and Credentials configure the client S3MultipartTarget.Create builds; configure your own client instead.", nameof(options));
        }
    }

    private S3MultipartTarget(IAmazonS3 client, S3TargetOptions options, bool ownsClient)
    {
        ArgumentNullException.ThrowIfNull(client);
        options.Validate();
        this.client = client;
        this.ownsClient = ownsClient;
        requests = new S3Requests(options, client);
        queries = new S3Queries(client, requests);
        var additionalChecksums = requests.AdditionalChecksums;
        Identity = S3ClientFactory.IdentityOf(client.Config);
        ossCrcHeader = OssCrcHeader.Attach(client);
        partSender = S3PartSender.TryCreate(client, options.SignPayload, options.NetworkTimeout);
        Capabilities = new TargetCapabilities
        {
            MinPartSize = MinPartSize,
            MaxPartSize = MaxPartSize,
            MaxPartCount = MaxPartCount,
            CanListParts = true,
            PartChecksums = additionalChecksums ? S3Checksums.Supported : [],
            ObjectChecksums = additionalChecksums ? S3Checksums.Supported : [],
            SupportsContentMd5 = true,
            MaxObjectSize = 5L << 40,
            SupportedProperties = S3ObjectOptions.Supported,
            WantsPayloadSha256 = partSender is not null && options.SignPayload,
        };
    }

    /// <inheritdoc />
    public string Identity { get; }

    /// <inheritdoc />
    public TargetCapabilities Capabilities { get; }

    /// <summary>Gets the client.</summary>
    public IAmazonS3 Client => client;

    /// <summary>Creates a target with a client built from <paramref name="options"/>; the target owns and disposes the client.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The target.</returns>
    /// <exception cref="System.ComponentModel.DataAnnotations.ValidationException">The options are invalid.</exception>
    public static S3MultipartTarget Create(S3TargetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new S3MultipartTarget(S3ClientFactory.Create(options), options, ownsClient: true);
    }

    /// <inheritdoc />
    public async Task<string> InitiateAsync(ObjectLocation location, ObjectProperties properties, ChecksumAlgorithm algorithm, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(properties);
        properties.Validate(Capabilities);
        var request = requests.Initiate(location, properties, algorithm);
        var response = await S3ErrorMapper.SendAsync(() => client.InitiateMultipartUploadAsync(request, cancellationToken), "CreateMultipartUpload", location, onUpload: false, cancellationToken).ConfigureAwait(false);
        return string.IsNullOrEmpty(response.UploadId)
            ? throw S3ErrorMapper.NotAnS3Server("CreateMultipartUpload", location, "upload id", (int)response.HttpStatusCode)
            : response.UploadId;
    }

    /// <inheritdoc />
    public async Task<UploadedPart> UploadPartAsync(PartUploadRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var content = request.OpenContent();
        await using (content.ConfigureAwait(false))
        {
            var upload = requests.UploadPart(request, content);
            var response = await S3ErrorMapper.SendAsync(
                () => SendPartAsync(upload, request, content, cancellationToken),
                "UploadPart " + request.PartNumber.ToString(CultureInfo.InvariantCulture),
                request.Location,
                onUpload: true,
                cancellationToken).ConfigureAwait(false);

            OssCrcHeader.VerifyPart(request, response);
            return new UploadedPart(request.PartNumber, request.Length, response.ETag);
        }
    }

    /// <inheritdoc />
    public IAsyncEnumerable<UploadedPart> ListPartsAsync(ObjectLocation location, string uploadId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uploadId);
        return queries.PartsAsync(location, uploadId, cancellationToken);
    }

    /// <inheritdoc />
    public Task<CompletedObject> CompleteAsync(ObjectLocation location, string uploadId, IReadOnlyList<PartRecord> parts, PartChecksums objectCrc, CancellationToken cancellationToken = default)
        => CompleteAsync(location, uploadId, parts, objectCrc, ObjectProperties.Empty, cancellationToken);

    /// <inheritdoc />
    /// <remarks>Sends an SSE-C key again, with complete and with the HEAD that finds RGW's ETag.</remarks>
    public async Task<CompletedObject> CompleteAsync(ObjectLocation location, string uploadId, IReadOnlyList<PartRecord> parts, PartChecksums objectCrc, ObjectProperties properties, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(properties);
        var request = requests.Complete(location, uploadId, parts, objectCrc, properties.Encryption);
        CompleteMultipartUploadResponse response;
        try
        {
            response = await S3ErrorMapper.SendAsync(() => client.CompleteMultipartUploadAsync(request, cancellationToken), "CompleteMultipartUpload", location, onUpload: true, cancellationToken).ConfigureAwait(false);
        }
        catch (TargetException error) when (error.IsTransient && error.StatusCode >= 500)
        {
            if (!await queries.UploadExistsAsync(location, uploadId, cancellationToken).ConfigureAwait(false))
            {
                // Ceph RGW answers complete of an aborted upload with 500 InternalError ("This multipart completion is
                // already in progress"): retrying cannot help, and the uploader must learn that the upload is gone.
                throw new TargetException(TargetErrorKind.UploadNotFound, "NoSuchUpload", $"{error.Message} The upload no longer exists (it was aborted or completed).", error.RequestId, error.StatusCode, error.InnerException);
            }

            throw;
        }

        var crc = (requests.AdditionalChecksums ? S3Checksums.Reported(objectCrc.Algorithm, response.ChecksumCRC64NVME, response.ChecksumCRC32C) : null) ?? OssCrcHeader.ReportedCrc64Xz(objectCrc.Algorithm, response);
        if (!string.IsNullOrEmpty(response.ETag))
        {
            return new CompletedObject(response.ETag, crc);
        }

        // Ceph RGW answers CompleteMultipartUpload with an empty ETag; HEAD gives the right one.
        var head = await queries.TryHeadAsync(location, properties.Encryption, cancellationToken).ConfigureAwait(false);
        return new CompletedObject(head?.ETag ?? string.Empty, crc);
    }

    /// <inheritdoc />
    public async Task AbortAsync(ObjectLocation location, string uploadId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uploadId);
        await S3ErrorMapper.SendAsync(
            () => client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = location.Bucket, Key = location.Key, UploadId = uploadId }, cancellationToken),
            "AbortMultipartUpload",
            location,
            onUpload: true,
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<PendingUpload> ListUploadsAsync(string bucket, string keyPrefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        ArgumentNullException.ThrowIfNull(keyPrefix);
        return queries.UploadsAsync(bucket, keyPrefix, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<CompletedObject> PutAsync(ObjectLocation location, Stream content, long length, PartChecksums checksums, ObjectProperties properties, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(properties);
        properties.Validate(Capabilities);
        var request = requests.Put(location, content, length, checksums, properties);
        var response = await S3ErrorMapper.SendAsync(() => SendPutAsync(request, checksums, content, length, cancellationToken), "PutObject", location, onUpload: false, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(response.ETag) && string.IsNullOrEmpty(response.ResponseMetadata?.RequestId))
        {
            throw S3ErrorMapper.NotAnS3Server("PutObject", location, "ETag and no request id", (int)response.HttpStatusCode);
        }

        var crc = (requests.AdditionalChecksums ? S3Checksums.Reported(checksums.Algorithm, response.ChecksumCRC64NVME, response.ChecksumCRC32C) : null) ?? OssCrcHeader.ReportedCrc64Xz(checksums.Algorithm, response);
        return new CompletedObject(response.ETag ?? string.Empty, crc);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        ossCrcHeader?.Dispose();
        partSender?.Dispose();
        if (ownsClient)
        {
            client.Dispose();
        }
    }

    // The lean path when it can send the part (S3PartSender), else the SDK's own request pipeline.
    private async Task<UploadPartResponse> SendPartAsync(UploadPartRequest upload, PartUploadRequest part, Stream content, CancellationToken cancellationToken)
        => (partSender is null ? null : await partSender.SendAsync(upload, part, content, cancellationToken).ConfigureAwait(false))
            ?? await client.UploadPartAsync(upload, cancellationToken).ConfigureAwait(false);

    // Single puts too (DECISIONS 39): per small file, the SDK's pipeline was most of the client's CPU.
    private async Task<PutObjectResponse> SendPutAsync(PutObjectRequest put, PartChecksums checksums, Stream content, long length, CancellationToken cancellationToken)
        => (partSender is null ? null : await partSender.PutAsync(put, checksums, content, length, cancellationToken).ConfigureAwait(false))
            ?? await client.PutObjectAsync(put, cancellationToken).ConfigureAwait(false);
}
