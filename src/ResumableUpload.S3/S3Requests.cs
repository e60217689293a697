using Amazon.S3;
using Amazon.S3.Model;
using ResumableUpload.Shared;

namespace ResumableUpload.S3;

/// <summary>
/// Builds the target's S3 requests with the options applied once: the additional checksums, the payload signing and
/// the listing page size.
/// </summary>
internal sealed class S3Requests
{
    private readonly bool additionalChecksums;
    private readonly int pageSize;
    private readonly UnsignedPayload unsignedPayload;

    public S3Requests(S3TargetOptions options, IAmazonS3 client)
    {
        additionalChecksums = options.ChecksumCompatibility == S3ChecksumCompatibility.AdditionalChecksums;
        pageSize = options.ListPageSize;
        unsignedPayload = UnsignedPayloadFor(options, client);
    }

    private enum UnsignedPayload
    {
        No,
        OverHttps,
        OverHttp,
    }

    /// <summary>Gets a value indicating whether requests carry the S3 additional checksums.</summary>
    public bool AdditionalChecksums => additionalChecksums;

    public InitiateMultipartUploadRequest Initiate(ObjectLocation location, ObjectProperties properties, ChecksumAlgorithm algorithm)
    {
        var request = new InitiateMultipartUploadRequest { BucketName = location.Bucket, Key = location.Key };
        S3ObjectOptions.ApplyTo(request, properties);

        if (additionalChecksums && S3Checksums.ToAws(algorithm) is { } aws)
        {
            request.ChecksumAlgorithm = aws;
            request.ChecksumType = ChecksumType.FULL_OBJECT;
        }

        return request;
    }

    public UploadPartRequest UploadPart(PartUploadRequest request, Stream content)
    {
        var upload = new UploadPartRequest
        {
            BucketName = request.Location.Bucket,
            Key = request.Location.Key,
            UploadId = request.UploadId,
            PartNumber = request.PartNumber,
            InputStream = content,
            PartSize = request.Length,
            MD5Digest = request.Checksums.Md5Base64,
            UseChunkEncoding = false,
        };
        S3ObjectOptions.ApplyTo(upload, request.Properties.Encryption);
        if (additionalChecksums)
        {
            S3Checksums.Apply(upload, request.Checksums);
        }

        if (unsignedPayload == UnsignedPayload.OverHttps)
        {
            upload.DisablePayloadSigning = true;
        }
        else if (unsignedPayload == UnsignedPayload.OverHttp)
        {
            UnsignedPayloadHandler.Mark(upload);
        }

        return upload;
    }

    /// <exception cref="TargetException">The parts are not numbered from 1 without gaps.</exception>
    public CompleteMultipartUploadRequest Complete(ObjectLocation location, string uploadId, IReadOnlyList<PartRecord> parts, PartChecksums objectCrc, ServerSideEncryption? encryption)
    {
        var request = new CompleteMultipartUploadRequest { BucketName = location.Bucket, Key = location.Key, UploadId = uploadId, PartETags = new List<PartETag>(parts.Count) };
        S3ObjectOptions.ApplyTo(request, encryption);
        for (var i = 0; i < parts.Count; i++)
        {
            if (parts[i].PartNumber != i + 1)
            {
                throw Errors.PartsOutOfOrder(i + 1, parts[i].PartNumber);
            }

            var part = new PartETag { PartNumber = parts[i].PartNumber, ETag = parts[i].ETag };
            if (additionalChecksums)
            {
                S3Checksums.Apply(part, parts[i], objectCrc.Algorithm);
            }

            request.PartETags.Add(part);
        }

        if (additionalChecksums)
        {
            S3Checksums.Apply(request, objectCrc);
        }

        return request;
    }

    public PutObjectRequest Put(ObjectLocation location, Stream content, long length, PartChecksums checksums, ObjectProperties properties)
    {
        var request = new PutObjectRequest
        {
            BucketName = location.Bucket,
            Key = location.Key,
            InputStream = content,
            AutoCloseStream = false,
            MD5Digest = checksums.Md5Base64,
            UseChunkEncoding = false,
        };
        S3ObjectOptions.ApplyTo(request, properties);
        request.Headers.ContentLength = length;

        if (additionalChecksums)
        {
            S3Checksums.Apply(request, checksums);
        }

        if (unsignedPayload == UnsignedPayload.OverHttps)
        {
            request.DisablePayloadSigning = true;
        }
        else if (unsignedPayload == UnsignedPayload.OverHttp)
        {
            UnsignedPayloadHandler.Mark(request);
        }

        return request;
    }

    public ListPartsRequest ListParts(ObjectLocation location, string uploadId, string? marker, int? maxParts = null)
        => new() { BucketName = location.Bucket, Key = location.Key, UploadId = uploadId, MaxParts = maxParts ?? pageSize, PartNumberMarker = marker };

    public ListMultipartUploadsRequest ListUploads(string bucket, string keyPrefix, string? keyMarker, string? uploadIdMarker)
        => new() { BucketName = bucket, Prefix = keyPrefix.Length == 0 ? null : keyPrefix, MaxUploads = pageSize, KeyMarker = keyMarker, UploadIdMarker = uploadIdMarker };

    private static UnsignedPayload UnsignedPayloadFor(S3TargetOptions options, IAmazonS3 client)
    {
        if (options.SignPayload)
        {
            return UnsignedPayload.No;
        }

        var http = client.Config.UseHttp || (client.Config.ServiceURL?.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ?? false);
        if (!http)
        {
            return UnsignedPayload.OverHttps;
        }

        return client is ResumableS3Client
            ? UnsignedPayload.OverHttp
            : throw new ArgumentException("SignPayload = false over http needs the client that S3MultipartTarget.Create builds (AWSSDK.S3 refuses DisablePayloadSigning over http).", nameof(options));
    }
}
