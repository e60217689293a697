using System.Security.Cryptography;
using Amazon.Runtime;
using ResumableUpload.S3;
using Xunit;

namespace ResumableUpload.Targets.Tests.S3;

/// <summary>The lean UploadPart and PutObject path (S3PartSender) against Ceph RGW: it signs the hasher's SHA-256, maps errors as the SDK path does.</summary>
public sealed class S3PartSenderTests : IDisposable
{
    private readonly S3MultipartTarget target = RgwStore.CreateTarget();

    public void Dispose() => target.Dispose();

    [Fact]
    public void Capabilities_AskForTheSha256_OnlyWhenTheLeanPathSignsPayloads()
    {
        var unsignedOptions = TestServers.RgwOptions();
        unsignedOptions.SignPayload = false;
        using var unsigned = S3MultipartTarget.Create(unsignedOptions);
        var options = TestServers.RgwOptions();
        using var own = new S3MultipartTarget(new Amazon.S3.AmazonS3Client(options.Credentials, new Amazon.S3.AmazonS3Config { ServiceURL = options.ServiceUrl, ForcePathStyle = true }));

        Assert.True(target.Capabilities.WantsPayloadSha256);
        Assert.False(unsigned.Capabilities.WantsPayloadSha256);
        Assert.False(own.Capabilities.WantsPayloadSha256);
        own.Client.Dispose();
    }

    [Fact]
    public async Task UploadPartAsync_Sha256FromTheHasherIsWrong_ServerRejectsItAsChecksumMismatch()
    {
        var bucket = await RgwStore.CreateBucketAsync(target);
        var location = new ObjectLocation(bucket, "wrong-sha.bin");
        var bytes = new byte[4096];
        new Random(3).NextBytes(bytes);
        var uploadId = await target.InitiateAsync(location, ObjectProperties.Empty, ChecksumAlgorithm.Crc64Xz);
        var sums = new PartChecksums(ChecksumAlgorithm.Crc64Xz, 0, ReadOnlyMemory<byte>.Empty) { Sha256 = SHA256.HashData(new byte[1]) };

        var error = await Assert.ThrowsAsync<TargetException>(() => target.UploadPartAsync(new PartUploadRequest(location, uploadId, 1, bytes.Length, sums, () => new MemoryStream(bytes))));

        Assert.Equal(TargetErrorKind.ChecksumMismatch, error.Kind);
        Assert.Equal("XAmzContentSHA256Mismatch", error.ErrorCode);
        Assert.False(string.IsNullOrEmpty(error.RequestId));
        await target.AbortAsync(location, uploadId);
    }

    [Fact]
    public async Task PutAsync_Sha256FromTheHasherIsWrong_ServerRejectsItAsChecksumMismatch()
    {
        // The single put goes the lean way too (DECISIONS 39): the SDK's path would hash the body itself and succeed.
        var bucket = await RgwStore.CreateBucketAsync(target);
        var location = new ObjectLocation(bucket, "wrong-sha-put.bin");
        var bytes = new byte[4096];
        var sums = new PartChecksums(ChecksumAlgorithm.Crc64Xz, 0, ReadOnlyMemory<byte>.Empty) { Sha256 = SHA256.HashData(new byte[1]) };

        var error = await Assert.ThrowsAsync<TargetException>(() => target.PutAsync(location, new MemoryStream(bytes), bytes.Length, sums, ObjectProperties.Empty));

        Assert.Equal(TargetErrorKind.ChecksumMismatch, error.Kind);
        Assert.Equal("XAmzContentSHA256Mismatch", error.ErrorCode);
    }

    [Fact]
    public async Task UploadPartAsync_WrongSecret_ThrowsAccessDeniedWithoutTheSecret()
    {
        var bucket = await RgwStore.CreateBucketAsync(target);
        var location = new ObjectLocation(bucket, "odd key+ü (1)~.bin");
        var uploadId = await target.InitiateAsync(location, ObjectProperties.Empty, ChecksumAlgorithm.Crc64Xz);
        var options = TestServers.RgwOptions();
        var good = ((BasicAWSCredentials)options.Credentials!).GetCredentials();
        options.Credentials = new BasicAWSCredentials(good.AccessKey, "wrong-secret-wrong-secret-wrong-secret-00");
        using var wrong = S3MultipartTarget.Create(options);
        var bytes = new byte[100];

        var error = await Assert.ThrowsAsync<TargetException>(() => wrong.UploadPartAsync(new PartUploadRequest(location, uploadId, 1, bytes.Length, default, () => new MemoryStream(bytes))));

        Assert.Equal(TargetErrorKind.AccessDenied, error.Kind);
        Assert.Equal("SignatureDoesNotMatch", error.ErrorCode);
        Assert.DoesNotContain(good.SecretKey, error.ToString(), StringComparison.Ordinal);
        await target.AbortAsync(location, uploadId);
    }

    [Fact]
    public async Task UploadAsync_OddKeyThroughTheUploader_StoresTheExactBytes()
    {
        var bucket = await RgwStore.CreateBucketAsync(target);
        const string key = "dir/odd key+ü%2F(1)~.bin";
        var bytes = new byte[(5 << 20) + 777];
        new Random(9).NextBytes(bytes);
        var source = Path.Combine(Path.GetTempPath(), $"s3lean-{Guid.NewGuid():N}.bin");
        await File.WriteAllBytesAsync(source, bytes);
        try
        {
            var result = await new ResumableUploader(target, null, new UploadOptions { PartSize = 5 << 20 }).UploadAsync(new UploadRequest { SourcePath = source, Bucket = bucket, Key = key });

            Assert.Equal(2, result.PartCount);
            Assert.Equal(bytes, await RgwStore.TryReadAsync(target.Client, new ObjectLocation(bucket, key)));
        }
        finally
        {
            File.Delete(source);
        }
    }
}
