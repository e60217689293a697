using Amazon.S3;
using Amazon.S3.Model;
using ResumableUpload.S3;
using ResumableUpload.Testing;

namespace ResumableUpload.Targets.Tests;

/// <summary>
/// The target contract against Ceph RGW (scripts/servers/ceph-rgw.sh). RGW 16 verifies Content-MD5 but not S3's
/// additional checksums, so the target runs with <see cref="S3ChecksumCompatibility.WhenRequired"/> and declares
/// no CRC kinds; listings page by 2 so that paging is exercised with a handful of parts.
/// </summary>
public sealed class S3RgwContractTests : MultipartTargetContractTests
{
    private S3MultipartTarget? s3;

    protected override int PagingPartCount => 5;

    protected override IMultipartTarget CreateTarget() => s3 = S3MultipartTarget.Create(TestServers.RgwOptions(listPageSize: 2));

    protected override Task<string> CreateBucketAsync()
    {
        var name = TestServers.NewBucketName("rupload-contract");
        return TestServers.FirstCallAsync("ceph-rgw", s3!.Identity, async () =>
        {
            await s3.Client.PutBucketAsync(new PutBucketRequest { BucketName = name });
            return name;
        });
    }

    protected override async Task<byte[]?> TryReadObjectAsync(ObjectLocation location)
    {
        try
        {
            using var response = await s3!.Client.GetObjectAsync(location.Bucket, location.Key);
            using var copy = new MemoryStream();
            await response.ResponseStream.CopyToAsync(copy);
            return copy.ToArray();
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode == "NoSuchKey")
        {
            return null;
        }
    }

    protected override async Task<ObjectProperties> ReadPropertiesAsync(ObjectLocation location)
    {
        var head = await s3!.Client.GetObjectMetadataAsync(location.Bucket, location.Key);
        const string prefix = "x-amz-meta-";
        return new ObjectProperties
        {
            ContentType = head.Headers.ContentType,
            Metadata = head.Metadata.Keys.ToDictionary(k => k.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? k[prefix.Length..] : k, k => head.Metadata[k]),
        };
    }
}
