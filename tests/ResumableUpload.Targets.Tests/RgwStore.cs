using Amazon.S3;
using Amazon.S3.Model;
using ResumableUpload.S3;

namespace ResumableUpload.Targets.Tests;

/// <summary>Ceph RGW as the tests use it: a target, fresh buckets, and reads straight from the server.</summary>
internal static class RgwStore
{
    public static S3MultipartTarget CreateTarget(int listPageSize = S3TargetOptions.MaxListPageSize) => S3MultipartTarget.Create(TestServers.RgwOptions(listPageSize));

    public static Task<string> CreateBucketAsync(S3MultipartTarget target)
    {
        var name = TestServers.NewBucketName("rupload-test");
        return TestServers.FirstCallAsync("ceph-rgw", target.Identity, async () =>
        {
            await target.Client.PutBucketAsync(new PutBucketRequest { BucketName = name });
            return name;
        });
    }

    public static async Task<byte[]?> TryReadAsync(IAmazonS3 client, ObjectLocation location)
    {
        try
        {
            using var response = await client.GetObjectAsync(location.Bucket, location.Key);
            using var copy = new MemoryStream();
            await response.ResponseStream.CopyToAsync(copy);
            return copy.ToArray();
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode == "NoSuchKey")
        {
            return null;
        }
    }

    public static async Task<ObjectProperties> ReadPropertiesAsync(IAmazonS3 client, ObjectLocation location)
    {
        var head = await client.GetObjectMetadataAsync(location.Bucket, location.Key);
        const string prefix = "x-amz-meta-";
        return new ObjectProperties
        {
            ContentType = head.Headers.ContentType,
            Metadata = head.Metadata.Keys.ToDictionary(k => k.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? k[prefix.Length..] : k, k => head.Metadata[k]),
        };
    }
}
