using System.Diagnostics;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace ResumableUpload.E2E;

/// <summary>The S3 server from RUPLOAD_S3_* (scripts/servers/ceph-rgw.sh): client, bucket, clean-up between runs.</summary>
internal static class S3Admin
{
    public static string? Endpoint => Environment.GetEnvironmentVariable("RUPLOAD_S3_ENDPOINT") is { Length: > 0 } e ? e : null;

    public static string AccessKey => Environment.GetEnvironmentVariable("RUPLOAD_S3_ACCESS_KEY") ?? string.Empty;

    public static string SecretKey => Environment.GetEnvironmentVariable("RUPLOAD_S3_SECRET_KEY") ?? string.Empty;

    public static string Region => Environment.GetEnvironmentVariable("RUPLOAD_S3_REGION") ?? "us-east-1";

    public static AmazonS3Client CreateClient() => new(new BasicAWSCredentials(AccessKey, SecretKey), new AmazonS3Config
    {
        ServiceURL = Endpoint,
        AuthenticationRegion = Region,
        ForcePathStyle = true,
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    });

    public static async Task EnsureBucketAsync(string bucket)
    {
        using var client = CreateClient();
        try
        {
            await client.PutBucketAsync(bucket);
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
        }
    }

    /// <summary>Checks that the object is complete (its length), then deletes it and lets RGW reclaim the space.</summary>
    public static async Task<string?> CheckAndDeleteAsync(string bucket, string key, long expectedLength)
    {
        using var client = CreateClient();
        string? problem = null;
        try
        {
            var head = await client.GetObjectMetadataAsync(bucket, key);
            if (head.ContentLength != expectedLength)
            {
                problem = $"s3://{bucket}/{key} has {head.ContentLength} bytes, not {expectedLength}";
            }
        }
        catch (AmazonS3Exception ex)
        {
            problem = $"s3://{bucket}/{key}: {ex.ErrorCode}";
        }

        await client.DeleteObjectAsync(bucket, key);
        CollectGarbage();
        return problem;
    }

    /// <summary>
    /// Checks that the objects under <paramref name="prefix"/> are exactly the tree's files (key = prefix + relative
    /// path, same length each), then deletes everything under <paramref name="cleanPrefix"/> and lets RGW reclaim the space.
    /// </summary>
    public static async Task<string?> CheckTreeAndDeleteAsync(string bucket, string prefix, SourceTree tree, string cleanPrefix)
    {
        using var client = CreateClient();
        var found = await ListAsync(client, bucket, prefix);
        var expected = tree.Listing;
        var missing = expected.Count(e => !found.TryGetValue(prefix + e.Key, out var length) || length != e.Value);
        var problem = found.Count == expected.Count && missing == 0 ? null
            : $"s3://{bucket}/{prefix}: {found.Count} objects, {found.Values.Sum()} bytes; expected {expected.Count} objects, {tree.Bytes} bytes ({missing} missing or of another length)";
        await DeletePrefixAsync(client, bucket, cleanPrefix);
        return problem;
    }

    /// <summary>Deletes every object under the prefix (between cases, so the bucket starts empty).</summary>
    public static async Task DeletePrefixAsync(string bucket, string prefix)
    {
        using var client = CreateClient();
        await DeletePrefixAsync(client, bucket, prefix);
    }

    private static async Task DeletePrefixAsync(AmazonS3Client client, string bucket, string prefix)
    {
        var keys = (await ListAsync(client, bucket, prefix)).Keys.ToList();
        foreach (var chunk in keys.Chunk(1000))
        {
            await client.DeleteObjectsAsync(new DeleteObjectsRequest { BucketName = bucket, Quiet = true, Objects = [.. chunk.Select(k => new KeyVersion { Key = k })] });
        }

        CollectGarbage();
    }

    private static async Task<Dictionary<string, long>> ListAsync(AmazonS3Client client, string bucket, string prefix)
    {
        var objects = new Dictionary<string, long>(StringComparer.Ordinal);
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix, MaxKeys = 1000 };
        ListObjectsV2Response response;
        do
        {
            response = await client.ListObjectsV2Async(request);
            foreach (var o in response.S3Objects ?? [])
            {
                objects[o.Key] = o.Size ?? 0;
            }

            request.ContinuationToken = response.NextContinuationToken;
        }
        while (response.IsTruncated == true);

        return objects;
    }

    // radosgw keeps deleted data (in the memstore OSD: RAM) until its garbage collector runs; run it now when we
    // started the server (run.sh exports RUPLOAD_E2E_RGW_CONF), so that sizes of several GiB fit.
    private static void CollectGarbage()
    {
        if (Environment.GetEnvironmentVariable("RUPLOAD_E2E_RGW_CONF") is not { Length: > 0 } conf)
        {
            return;
        }

        using var gc = Process.Start(new ProcessStartInfo("radosgw-admin", ["-c", conf, "gc", "process", "--include-all"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        gc.StandardOutput.ReadToEnd();
        gc.StandardError.ReadToEnd();
        gc.WaitForExit();
    }
}
