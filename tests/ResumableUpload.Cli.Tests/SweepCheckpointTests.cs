using ResumableUpload.TestSupport;

namespace ResumableUpload.Cli.Tests;

/// <summary><c>rupload sweep</c> leaves an upload that a checkpoint of its store records (it can still resume).</summary>
public class SweepCheckpointTests
{
    [Fact]
    public async Task Sweep_OrphanRecordedInCheckpointStore_KeepsItAndAbortsTheOther()
    {
        using var rgw = ServerTargets.Rgw();
        using var directory = new TempDirectory();
        var bucket = await ServerTargets.NewBucketAsync(rgw);
        var resumable = new ObjectLocation(bucket, "a/resumable.bin");
        var resumableId = await rgw.InitiateAsync(resumable, ObjectProperties.Empty, ChecksumAlgorithm.Crc64Xz);
        var orphanId = await rgw.InitiateAsync(new ObjectLocation(bucket, "a/orphan.bin"), ObjectProperties.Empty, ChecksumAlgorithm.Crc64Xz);
        var storeDirectory = directory.SubDirectory("checkpoints");
        var source = directory.File("resumable.bin");
        var lease = await new FileCheckpointStore(storeDirectory).AcquireAsync(CheckpointKey.For(source, rgw.Identity, resumable));
        await using (lease)
        {
            await lease.CreateAsync(new CheckpointHeader
            {
                TargetIdentity = rgw.Identity,
                Location = resumable,
                UploadId = resumableId,
                Source = new SourceIdentity(source, 1, DateTime.UnixEpoch, null),
                PartSize = UploadOptions.MinPartSize,
                PartCount = 1,
                Algorithm = ChecksumAlgorithm.Crc64Xz,
                CreatedAt = DateTimeOffset.UnixEpoch,
            });
        }

        var (code, output) = await Rupload.RunAsync(["sweep", $"s3://{bucket}/", "--older-than", "0s", "--checkpoint", "dir:" + storeDirectory, "--endpoint", ServerEnvironment.S3Endpoint], ServerEnvironment.S3CliEnvironment());

        Assert.True(code == 0, output);
        Assert.Contains("kept (resumable, has a checkpoint) ", output, StringComparison.Ordinal);
        Assert.Contains("1 upload(s) aborted, 0 failed", output, StringComparison.Ordinal);
        Assert.Equal([resumableId], await rgw.ListUploadsAsync(bucket, string.Empty).Select(u => u.UploadId).ToListAsync());
        Assert.DoesNotContain(orphanId, await rgw.ListUploadsAsync(bucket, string.Empty).Select(u => u.UploadId).ToListAsync());
    }
}
