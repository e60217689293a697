using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using ResumableUpload.S3;
using ResumableUpload.TestSupport;
using Xunit;

namespace ResumableUpload.Targets.Tests.S3;

/// <summary>
/// Every object option through the uploader to Ceph RGW, as a single put and as a multipart upload, read back with
/// HEAD, GetObjectTagging and GetObjectAcl; the SSE-C key as sent on every part and on complete, from the requests the
/// real client sends. RGW is started by scripts/servers/ceph-rgw.sh with SSE over http, the KMS "testing" backend
/// (key <c>testkey-1</c>) and a storage class COLD.
/// </summary>
public class S3ObjectOptionsTests : IDisposable
{
    private const int PartSize = 5 << 20;
    private readonly TempDirectory temp = new();

    public static TheoryData<int> Sizes => new() { 1000, PartSize + 100 };

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task UploadAsync_EveryOptionButSseC_StoredAndReportedByRgw(int size)
    {
        var recorder = new RequestRecorder(new SocketsHttpHandler());
        using var target = RequestRecorder.Target(recorder);
        var bucket = await RgwStore.CreateBucketAsync(target);
        var source = temp.RandomFile("all.bin", size, seed: 51);
        var properties = ObjectOptionsData.All("COLD", ServerSideEncryption.Kms("testkey-1"), cannedAcl: "public-read");

        var result = await Upload(target, bucket, "all.bin", source, properties);

        var client = target.Client;
        var head = await client.GetObjectMetadataAsync(bucket, "all.bin");
        Assert.Equal(size > PartSize ? 2 : 1, result.PartCount);
        Assert.Equal(ObjectOptionsData.Headers, (head.Headers.ContentType, head.Headers.CacheControl, head.Headers.ContentEncoding, head.Headers.ContentDisposition));
        Assert.Equal("objopts", head.Metadata["x-amz-meta-origin"]);
        Assert.Equal("COLD", head.StorageClass?.Value);
        Assert.Equal((ServerSideEncryptionMethod.AWSKMS, "testkey-1"), (head.ServerSideEncryptionMethod, head.ServerSideEncryptionKeyManagementServiceKeyId));
        var acl = await client.GetObjectAclAsync(new GetObjectAclRequest { BucketName = bucket, Key = "all.bin" });
        Assert.Contains(acl.Grants, g => g.Grantee.URI == "http://acs.amazonaws.com/groups/global/AllUsers" && g.Permission == S3Permission.READ);
        Assert.Equal(await File.ReadAllBytesAsync(source), await RgwStore.TryReadAsync(client, new ObjectLocation(bucket, "all.bin")));

        // Tags: the request carries them either way; RGW 16 keeps them on a single put only (README, Object options).
        var create = Assert.Single(recorder.Sent, r => r.Headers.ContainsKey("x-amz-tagging"));
        Assert.Equal(["path=a%2Fb%20c%3Dd", "team=data"], create.Header("x-amz-tagging")!.Split('&').Order(StringComparer.Ordinal));
        var tags = await client.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = bucket, Key = "all.bin" });
        Assert.Equal(size > PartSize ? Array.Empty<string>() : ObjectOptionsData.Tags, (tags.Tagging ?? []).Select(t => t.Key + "=" + t.Value).Order(StringComparer.Ordinal));
        await client.DeleteObjectAsync(bucket, "all.bin");
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task UploadAsync_CustomerKey_SentOnEveryRequestAndNeededToRead(int size)
    {
        var recorder = new RequestRecorder(new SocketsHttpHandler());
        using var target = RequestRecorder.Target(recorder);
        var bucket = await RgwStore.CreateBucketAsync(target);
        var source = temp.RandomFile("ssec.bin", size, seed: 52);
        var key = RandomNumberGenerator.GetBytes(32);
        var encryption = ServerSideEncryption.CustomerKey(key);
        var before = recorder.Sent.Count;

        var result = await Upload(target, bucket, "ssec.bin", source, new ObjectProperties { Encryption = encryption });

        var keyBase64 = Convert.ToBase64String(key);
        var sent = recorder.Sent.Skip(before).ToList();
        Assert.Equal(size > PartSize ? (1, 2, 1) : (0, 0, 0), (sent.Count(r => r.IsInitiate), sent.Count(r => r.IsUploadPart), sent.Count(r => r.IsComplete)));
        Assert.All(sent, r => Assert.Equal(("AES256", keyBase64, encryption.CustomerKeyMd5Base64), (r.Header("x-amz-server-side-encryption-customer-algorithm"), r.Header("x-amz-server-side-encryption-customer-key"), r.Header("x-amz-server-side-encryption-customer-key-md5"))));
        Assert.False(string.IsNullOrEmpty(result.ETag)); // RGW's complete gives no ETag: the HEAD that finds it carried the key

        var client = target.Client;
        var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.GetObjectMetadataAsync(bucket, "ssec.bin"));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
        var read = new GetObjectRequest { BucketName = bucket, Key = "ssec.bin", ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256, ServerSideEncryptionCustomerProvidedKey = keyBase64 };
        using (var response = await client.GetObjectAsync(read))
        using (var copy = new MemoryStream())
        {
            await response.ResponseStream.CopyToAsync(copy);
            Assert.Equal(await File.ReadAllBytesAsync(source), copy.ToArray());
            Assert.Equal(ServerSideEncryptionCustomerMethod.AES256, response.ServerSideEncryptionCustomerMethod);
        }

        await client.DeleteObjectAsync(bucket, "ssec.bin");
    }

    [Fact]
    public async Task UploadAsync_ServiceManaged_RequestCarriesAes256()
    {
        var recorder = new RequestRecorder(new SocketsHttpHandler());
        using var target = RequestRecorder.Target(recorder);
        var bucket = await RgwStore.CreateBucketAsync(target);
        var source = temp.RandomFile("sse-s3.bin", 1000, seed: 53);

        await Upload(target, bucket, "sse-s3.bin", source, new ObjectProperties { Encryption = ServerSideEncryption.ServiceManaged });

        // RGW 16 takes the header but neither encrypts by it nor reports it (SSE-S3 came in 17): the request is the check.
        var put = Assert.Single(recorder.Sent, r => r.Method == "PUT" && r.Headers.ContainsKey("x-amz-server-side-encryption"));
        Assert.Equal("AES256", put.Header("x-amz-server-side-encryption"));
    }

    [Fact]
    public async Task UploadAsync_UnknownStorageClass_RefusedByRgwAsInvalidArgument()
    {
        using var target = RgwStore.CreateTarget();
        var bucket = await RgwStore.CreateBucketAsync(target);
        var source = temp.RandomFile("glacier.bin", 1000, seed: 54);

        var error = await Assert.ThrowsAsync<TargetException>(() => Upload(target, bucket, "glacier.bin", source, new ObjectProperties { StorageClass = "NO_SUCH_CLASS" }));

        Assert.Equal(("InvalidArgument", 400), (error.ErrorCode, error.StatusCode ?? 0));
    }

    public void Dispose()
    {
        temp.Dispose();
        GC.SuppressFinalize(this);
    }

    private static Task<UploadResult> Upload(S3MultipartTarget target, string bucket, string key, string source, ObjectProperties properties)
        => new ResumableUploader(target, null, new UploadOptions { PartSize = PartSize }).UploadAsync(new UploadRequest { SourcePath = source, Bucket = bucket, Key = key, Properties = properties });
}
