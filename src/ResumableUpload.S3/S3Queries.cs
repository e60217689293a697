using System.Globalization;
using System.Runtime.CompilerServices;
using Amazon.S3;
using Amazon.S3.Model;

namespace ResumableUpload.S3;

/// <summary>
/// The read-only questions <see cref="S3MultipartTarget"/> asks the server: the parts of an upload and the incomplete
/// uploads under a prefix (page by page, never looping on a marker that does not move), whether an upload still exists,
/// and an object's HEAD. Each goes through <see cref="S3ErrorMapper"/>, as every request of the target does.
/// </summary>
internal sealed class S3Queries(IAmazonS3 client, S3Requests requests)
{
    public async IAsyncEnumerable<UploadedPart> PartsAsync(ObjectLocation location, string uploadId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? marker = null;
        while (true)
        {
            var request = requests.ListParts(location, uploadId, marker);
            var page = await S3ErrorMapper.SendAsync(() => client.ListPartsAsync(request, cancellationToken), "ListParts", location, onUpload: true, cancellationToken).ConfigureAwait(false);
            foreach (var part in page.Parts ?? [])
            {
                yield return new UploadedPart(part.PartNumber ?? 0, part.Size ?? 0, part.ETag);
            }

            // Stop unless the server says there is more and moves the marker forward (no endless loop on a buggy server).
            var next = page.NextPartNumberMarker?.ToString(CultureInfo.InvariantCulture);
            if (page.IsTruncated != true || next is null || next == marker)
            {
                yield break;
            }

            marker = next;
        }
    }

    public async IAsyncEnumerable<PendingUpload> UploadsAsync(string bucket, string keyPrefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? keyMarker = null;
        string? uploadIdMarker = null;
        while (true)
        {
            var request = requests.ListUploads(bucket, keyPrefix, keyMarker, uploadIdMarker);
            var page = await S3ErrorMapper.SendAsync(() => client.ListMultipartUploadsAsync(request, cancellationToken), "ListMultipartUploads", new ObjectLocation(bucket, string.Empty), onUpload: false, cancellationToken).ConfigureAwait(false);
            foreach (var upload in page.MultipartUploads ?? [])
            {
                var initiated = upload.Initiated is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc).ToUniversalTime()) : DateTimeOffset.MinValue;
                yield return new PendingUpload(new ObjectLocation(bucket, upload.Key), upload.UploadId, initiated);
            }

            if (page.IsTruncated != true || (page.NextKeyMarker == keyMarker && page.NextUploadIdMarker == uploadIdMarker) || page.NextKeyMarker is null)
            {
                yield break;
            }

            keyMarker = page.NextKeyMarker;
            uploadIdMarker = page.NextUploadIdMarker;
        }
    }

    /// <summary>False only when the server says the upload is gone; any other answer (or error) counts as "may exist".</summary>
    public async Task<bool> UploadExistsAsync(ObjectLocation location, string uploadId, CancellationToken cancellationToken)
    {
        try
        {
            var request = requests.ListParts(location, uploadId, marker: null, maxParts: 1);
            await S3ErrorMapper.SendAsync(() => client.ListPartsAsync(request, cancellationToken), "ListParts", location, onUpload: true, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TargetException error)
        {
            return error.Kind != TargetErrorKind.UploadNotFound;
        }
    }

    /// <summary>The object's metadata, or <see langword="null"/> when HEAD fails (the object is complete; only its ETag is unknown).</summary>
    public async Task<GetObjectMetadataResponse?> TryHeadAsync(ObjectLocation location, ServerSideEncryption? encryption, CancellationToken cancellationToken)
    {
        var request = new GetObjectMetadataRequest { BucketName = location.Bucket, Key = location.Key };
        S3ObjectOptions.ApplyTo(request, encryption);
        try
        {
            return await S3ErrorMapper.SendAsync(() => client.GetObjectMetadataAsync(request, cancellationToken), "HeadObject", location, onUpload: false, cancellationToken).ConfigureAwait(false);
        }
        catch (TargetException)
        {
            return null;
        }
    }
}
