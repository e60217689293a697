using ResumableUpload.TestSupport;

namespace ResumableUpload.Cli.Tests;

/// <summary><c>rupload list</c> and <c>rupload sweep --older-than 0s</c> on a bucket (container) with orphaned uploads leave none.</summary>
public class SweepTests
{
    [Fact]
    public async Task Sweep_RgwBucketWithOrphans_LeavesNone()
    {
        using var rgw = ServerTargets.Rgw();
        var bucket = await ServerTargets.NewBucketAsync(rgw);
        await MakeOrphansAsync(rgw, bucket);
        var env = ServerEnvironment.S3CliEnvironment();

        var (listCode, listOutput) = await Rupload.RunAsync(["list", $"s3://{bucket}/", "--endpoint", ServerEnvironment.S3Endpoint], env);
        Assert.True(listCode == 0, listOutput);
        Assert.Contains("3 upload(s) in progress", listOutput, StringComparison.Ordinal);

        var (dryCode, dryOutput) = await Rupload.RunAsync(["sweep", $"s3://{bucket}/", "--older-than", "0s", "--dry-run", "--endpoint", ServerEnvironment.S3Endpoint], env);
        Assert.True(dryCode == 0, dryOutput);
        Assert.Equal(3, await rgw.ListUploadsAsync(bucket, string.Empty).CountAsync());

        var (code, output) = await Rupload.RunAsync(["sweep", $"s3://{bucket}/", "--older-than", "0s", "--endpoint", ServerEnvironment.S3Endpoint], env);
        Assert.True(code == 0, output);
        Assert.Contains("3 upload(s) aborted", output, StringComparison.Ordinal);
        Assert.Empty(await rgw.ListUploadsAsync(bucket, string.Empty).ToListAsync());
    }

    [Fact]
    public async Task Sweep_OlderThanAnHour_KeepsFreshUploads()
    {
        using var rgw = ServerTargets.Rgw();
        var bucket = await ServerTargets.NewBucketAsync(rgw);
        await MakeOrphansAsync(rgw, bucket);
        var (code, output) = await Rupload.RunAsync(["sweep", $"s3://{bucket}/", "--older-than", "1h", "--endpoint", ServerEnvironment.S3Endpoint], ServerEnvironment.S3CliEnvironment());
        Assert.True(code == 0, output);
        Assert.Equal(3, await rgw.ListUploadsAsync(bucket, string.Empty).CountAsync());
    }

    [Fact]
    public async Task Sweep_AzuriteContainerWithOrphans_LeavesNone()
    {
        var azure = ServerTargets.Azurite();
        var container = await ServerTargets.NewContainerAsync();
        await MakeOrphansAsync(azure, container);
        var (code, output) = await Rupload.RunAsync(["sweep", $"az://{container}/", "--older-than", "0s"], ServerEnvironment.AzureCliEnvironment());
        Assert.True(code == 0, output);
        Assert.Empty(await azure.ListUploadsAsync(container, string.Empty).ToListAsync());
    }

    private static async Task MakeOrphansAsync(IMultipartTarget target, string bucket)
    {
        foreach (var key in new[] { "a/1.bin", "a/2.bin", "b/3.bin" })
        {
            var id = await target.InitiateAsync(new ObjectLocation(bucket, key), ObjectProperties.Empty, ChecksumAlgorithm.Crc64Xz);
            var bytes = TestData.RandomBytes(1000, key.Length);
            var sums = new PartChecksums(ChecksumAlgorithm.Crc64Xz, Hashing.Crc.Compute(ChecksumAlgorithm.Crc64Xz, bytes), ReadOnlyMemory<byte>.Empty);
            await target.UploadPartAsync(new PartUploadRequest(new ObjectLocation(bucket, key), id, 1, bytes.Length, sums, () => new MemoryStream(bytes)));
        }
    }
}
