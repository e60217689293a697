using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Azure.Storage.Blobs;
using ResumableUpload.AzureBlob;
using ResumableUpload.S3;
using ResumableUpload.TestSupport;

namespace ResumableUpload.Cli.Tests;

/// <summary>Direct clients of the test servers, to create buckets, download objects and list uploads behind the CLI's back.</summary>
internal static class ServerTargets
{
    public static S3MultipartTarget Rgw() => S3MultipartTarget.Create(new S3TargetOptions
    {
        ServiceUrl = ServerEnvironment.S3Endpoint,
        Region = ServerEnvironment.S3Region,
        ForcePathStyle = true,
        Credentials = new BasicAWSCredentials(ServerEnvironment.S3AccessKey, ServerEnvironment.S3SecretKey),
        ChecksumCompatibility = S3ChecksumCompatibility.WhenRequired,
    });

    public static AzureBlobMultipartTarget Azurite() => AzureBlobMultipartTarget.Create(ServerEnvironment.AzureConnectionString);

    public static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 17)];

    public static async Task<string> NewBucketAsync(S3MultipartTarget rgw)
    {
        var bucket = NewName("cli");
        await rgw.Client.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        return bucket;
    }

    public static async Task<string> NewContainerAsync()
    {
        var container = NewName("cli");
        await new BlobServiceClient(ServerEnvironment.AzureConnectionString).CreateBlobContainerAsync(container);
        return container;
    }

    public static async Task<byte[]> DownloadAsync(S3MultipartTarget rgw, string bucket, string key)
    {
        using var response = await rgw.Client.GetObjectAsync(bucket, key);
        using var copy = new MemoryStream();
        await response.ResponseStream.CopyToAsync(copy);
        return copy.ToArray();
    }

    public static async Task<byte[]> DownloadAsync(string container, string blob)
    {
        var response = await new BlobServiceClient(ServerEnvironment.AzureConnectionString).GetBlobContainerClient(container).GetBlobClient(blob).DownloadContentAsync();
        return response.Value.Content.ToArray();
    }
}
