using Amazon.Runtime;
using Microsoft.Extensions.DependencyInjection;
using ResumableUpload.S3;
using Xunit;

namespace ResumableUpload.Targets.Tests.S3;

/// <summary>What the S3 target does beyond the shared contract: identity, error kinds, ETag, DI; against Ceph RGW.</summary>
public sealed class S3MultipartTargetTests : IDisposable
{
    private readonly S3MultipartTarget target = RgwStore.CreateTarget();

    public void Dispose() => target.Dispose();

    [Fact]
    public void Identity_EndpointAndRegion_HasNoCredentials()
    {
        var options = TestServers.RgwOptions();

        Assert.Equal($"s3:{options.ServiceUrl!.TrimEnd('/')}#{options.Region}", target.Identity);
        Assert.DoesNotContain(((BasicAWSCredentials)options.Credentials!).GetCredentials().AccessKey, target.Identity, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteAsync_RgwReturnsNoETag_ReportsTheObjectsETag()
    {
        var bucket = await RgwStore.CreateBucketAsync(target);
        var location = new ObjectLocation(bucket, "etag.bin");
        var bytes = new byte[1000];
        var uploadId = await target.InitiateAsync(location, ObjectProperties.Empty, ChecksumAlgorithm.Crc64Xz);
        var part = await target.UploadPartAsync(new PartUploadRequest(location, uploadId, 1, bytes.Length, default, () => new MemoryStream(bytes)));

        var completed = await target.CompleteAsync(location, uploadId, [new PartRecord(1, 0, bytes.Length, part.ETag, 0)], default);

        var head = await target.Client.GetObjectMetadataAsync(bucket, location.Key);
        Assert.Equal(head.ETag, completed.ETag);
        Assert.EndsWith("-1\"", completed.ETag, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitiateAsync_BucketMissing_ThrowsBucketNotFoundWithServerDetails()
    {
        var error = await Assert.ThrowsAsync<TargetException>(() => target.InitiateAsync(new ObjectLocation("rupload-no-such-bucket", "k"), ObjectProperties.Empty, ChecksumAlgorithm.Crc64Xz));

        Assert.Equal(TargetErrorKind.BucketNotFound, error.Kind);
        Assert.Equal("NoSuchBucket", error.ErrorCode);
        Assert.Equal(404, error.StatusCode);
        Assert.False(string.IsNullOrEmpty(error.RequestId));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task InitiateAsync_WrongCredentials_ThrowsAccessDeniedWithoutSecret(bool wrongKeyId)
    {
        var options = TestServers.RgwOptions();
        var good = ((BasicAWSCredentials)options.Credentials!).GetCredentials();
        options.Credentials = wrongKeyId ? new BasicAWSCredentials("RUPLOADNOSUCHKEY0001", good.SecretKey) : new BasicAWSCredentials(good.AccessKey, "wrong-secret-wrong-secret-wrong-secret-00");
        using var wrong = S3MultipartTarget.Create(options);
        var bucket = await RgwStore.CreateBucketAsync(target);

        var error = await Assert.ThrowsAsync<TargetException>(() => wrong.InitiateAsync(new ObjectLocation(bucket, "k"), ObjectProperties.Empty, ChecksumAlgorithm.Crc64Xz));

        Assert.Equal(TargetErrorKind.AccessDenied, error.Kind);
        Assert.Equal(wrongKeyId ? "InvalidAccessKeyId" : "SignatureDoesNotMatch", error.ErrorCode);
        Assert.DoesNotContain(good.SecretKey, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitiateAsync_NothingListening_ThrowsUnreachable()
    {
        var options = TestServers.RgwOptions();
        options.ServiceUrl = "http://127.0.0.1:9";
        using var nowhere = S3MultipartTarget.Create(options);
        ((Amazon.S3.AmazonS3Config)nowhere.Client.Config).MaxErrorRetry = 0;

        var error = await Assert.ThrowsAsync<TargetException>(() => nowhere.InitiateAsync(new ObjectLocation("b", "k"), ObjectProperties.Empty, ChecksumAlgorithm.Crc64Xz));

        Assert.Equal(TargetErrorKind.Unreachable, error.Kind);
    }

    [Fact]
    public async Task UploadPartAsync_TokenCancelled_ThrowsOperationCanceledUnwrapped()
    {
        var bucket = await RgwStore.CreateBucketAsync(target);
        var location = new ObjectLocation(bucket, "cancel.bin");
        var uploadId = await target.InitiateAsync(location, ObjectProperties.Empty, ChecksumAlgorithm.Crc64Xz);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => target.UploadPartAsync(new PartUploadRequest(location, uploadId, 1, 10, default, () => new MemoryStream(new byte[10])), cancelled.Token));
        await target.AbortAsync(location, uploadId);
    }

    [Fact]
    public void Capabilities_AdditionalChecksums_DeclareNvmeAndCrc32C()
    {
        var options = TestServers.RgwOptions();
        options.ChecksumCompatibility = S3ChecksumCompatibility.AdditionalChecksums;
        using var s3 = S3MultipartTarget.Create(options);

        Assert.Equal([ChecksumAlgorithm.Crc64Nvme, ChecksumAlgorithm.Crc32C], s3.Capabilities.PartChecksums);
        Assert.Empty(target.Capabilities.PartChecksums);
        Assert.Equal(5L << 20, target.Capabilities.MinPartSize);
        Assert.Equal(10_000, target.Capabilities.MaxPartCount);
    }

    [Fact]
    public async Task UploadAsync_UnsignedPayloadOverHttp_StoresTheExactBytes()
    {
        var options = TestServers.RgwOptions();
        options.SignPayload = false;
        using var unsigned = S3MultipartTarget.Create(options);
        var bucket = await RgwStore.CreateBucketAsync(unsigned);
        var bytes = new byte[(5 << 20) + 12345];
        new Random(6).NextBytes(bytes);
        var multipart = new ObjectLocation(bucket, "unsigned-parts.bin");
        var uploadId = await unsigned.InitiateAsync(multipart, ObjectProperties.Empty, ChecksumAlgorithm.Crc64Xz);
        var first = await unsigned.UploadPartAsync(new PartUploadRequest(multipart, uploadId, 1, 5 << 20, default, () => new MemoryStream(bytes, 0, 5 << 20)));
        var second = await unsigned.UploadPartAsync(new PartUploadRequest(multipart, uploadId, 2, 12345, default, () => new MemoryStream(bytes, 5 << 20, 12345)));
        await unsigned.CompleteAsync(multipart, uploadId, [new PartRecord(1, 0, 5 << 20, first.ETag, 0), new PartRecord(2, 5 << 20, 12345, second.ETag, 0)], default);
        var single = new ObjectLocation(bucket, "unsigned-put.bin");
        await unsigned.PutAsync(single, new MemoryStream(bytes, 0, 1000), 1000, default, ObjectProperties.Empty);

        Assert.Equal(bytes, await RgwStore.TryReadAsync(unsigned.Client, multipart));
        Assert.Equal(bytes[..1000], await RgwStore.TryReadAsync(unsigned.Client, single));
    }

    [Fact]
    public void Constructor_UnsignedPayloadOverHttpWithOwnClient_Throws()
    {
        var options = TestServers.RgwOptions();
        using var own = new Amazon.S3.AmazonS3Client(options.Credentials, new Amazon.S3.AmazonS3Config { ServiceURL = options.ServiceUrl, ForcePathStyle = true });

        // AWSSDK.S3 refuses DisablePayloadSigning over http; only the client the target builds can send unsigned bodies there.
        Assert.Throws<ArgumentException>(() => new S3MultipartTarget(own, new S3TargetOptions { SignPayload = false }));
    }

    [Fact]
    public void Constructor_OwnClientWithClientSettings_Throws()
    {
        Assert.Throws<ArgumentException>(() => new S3MultipartTarget(target.Client, new S3TargetOptions { ServiceUrl = "http://127.0.0.1:1" }));
        Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(() => S3MultipartTarget.Create(new S3TargetOptions { ListPageSize = 0, ServiceUrl = "not a url" }));
    }

    [Fact]
    public void UseS3Target_Options_RegistersTargetThatBuildsItsClient()
    {
        var services = new ServiceCollection();
        services.AddResumableUpload().UseFileCheckpoints(Path.GetTempPath()).UseS3Target(TestServers.RgwOptions());
        using var provider = services.BuildServiceProvider();

        var registered = Assert.IsType<S3MultipartTarget>(provider.GetRequiredService<IMultipartTarget>());
        Assert.Equal(target.Identity, registered.Identity);
        Assert.Same(registered, provider.GetRequiredService<ResumableUploader>().Target);
    }

    [Fact]
    public void UseS3Target_ClientFromServices_UsesThatClient()
    {
        var services = new ServiceCollection();
        services.AddSingleton(target.Client);
        services.AddResumableUpload().UseS3Target(o => o.ChecksumCompatibility = S3ChecksumCompatibility.WhenRequired);
        using var provider = services.BuildServiceProvider();

        var registered = Assert.IsType<S3MultipartTarget>(provider.GetRequiredService<IMultipartTarget>());
        Assert.Same(target.Client, registered.Client);
        Assert.Empty(registered.Capabilities.PartChecksums);
    }
}
