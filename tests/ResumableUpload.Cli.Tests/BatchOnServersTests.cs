using ResumableUpload.S3;
using ResumableUpload.TestSupport;

namespace ResumableUpload.Cli.Tests;

/// <summary>
/// Directory and batch commands against Ceph RGW: a directory upload read back byte for byte; <c>abort</c> of a batch
/// aborting the interrupted uploads under its prefix (and only there); <c>sweep</c> with a batch's record in the store
/// (not an upload) still keeping checkpointed uploads and aborting orphans. Without the server's environment these
/// fail, never skip (<see cref="ServerEnvironment"/>).
/// </summary>
public class BatchOnServersTests : IDisposable
{
    private readonly TempDirectory temp = new();

    [Fact]
    public async Task Upload_DirectoryToRgw_EveryObjectByteIdenticalAndNoIncompleteUpload()
    {
        using var rgw = ServerTargets.Rgw();
        var bucket = await ServerTargets.NewBucketAsync(rgw);
        var source = temp.SubDirectory("src");
        Directory.CreateDirectory(Path.Combine(source, "a", "b"));
        TestData.WriteRandomFile(Path.Combine(source, "a", "big.bin"), (12L << 20) + 3, seed: 41); // 3 parts of 5 MiB
        TestData.WriteRandomFile(Path.Combine(source, "a", "b", "small.bin"), 70_000, seed: 42);
        File.WriteAllBytes(Path.Combine(source, "empty.bin"), []);
        File.WriteAllText(Path.Combine(source, "name with space.txt"), "hello\n");

        var (code, output) = await Rupload.RunAsync(
            ["upload", source, $"s3://{bucket}/in/", "--endpoint", ServerEnvironment.S3Endpoint, "--part-size", "5MiB", "--checkpoint", "dir:" + temp.SubDirectory("ckpt"), "--progress", "lines"],
            ServerEnvironment.S3CliEnvironment());

        Assert.True(code == 0, output);
        Assert.Contains("Uploaded 4, skipped as already done 0, failed 0", output, StringComparison.Ordinal);
        foreach (var relative in new[] { "a/big.bin", "a/b/small.bin", "empty.bin", "name with space.txt" })
        {
            var expected = await File.ReadAllBytesAsync(Path.Combine(source, relative));
            var actual = await ServerTargets.DownloadAsync(rgw, bucket, "in/" + relative);
            Assert.True(expected.AsSpan().SequenceEqual(actual), relative);
        }

        Assert.Empty(await rgw.ListUploadsAsync(bucket, string.Empty).ToListAsync());
    }

    [Fact]
    public async Task Abort_BatchOnRgw_AbortsTheInterruptedUploadsUnderItsPrefixOnlyAndDropsTheBatch()
    {
        using var rgw = ServerTargets.Rgw();
        var bucket = await ServerTargets.NewBucketAsync(rgw);
        var source = temp.SubDirectory("src");
        File.WriteAllText(Path.Combine(source, "done.txt"), "done\n");
        var checkpoints = temp.SubDirectory("ckpt");
        var env = ServerEnvironment.S3CliEnvironment();
        var (code, output) = await BatchUploadTests.RunWithStdinAsync(
            ["upload", "--files-from", "-", source, $"s3://{bucket}/p/", "--endpoint", ServerEnvironment.S3Endpoint, "--checkpoint", "dir:" + checkpoints, "--progress", "none"], "done.txt\nmissing.bin\n", env);
        Assert.True(code == 1, output);

        // Interrupted uploads as a killed run leaves them: initiated, with a checkpoint naming the upload.
        var inside = await CheckpointedUploadAsync(rgw, checkpoints, source, new ObjectLocation(bucket, "p/big.bin"));
        var outside = await CheckpointedUploadAsync(rgw, checkpoints, source, new ObjectLocation(bucket, "other/big.bin"));
        var (_, before) = await Rupload.RunAsync(["status", "--checkpoint", "dir:" + checkpoints]);
        Assert.Contains($"batch {source} -> s3://{bucket}/p/  files done 1", before, StringComparison.Ordinal);
        Assert.Contains("upload " + inside, before, StringComparison.Ordinal);

        var (abortCode, abort) = await Rupload.RunAsync(["abort", source, $"s3://{bucket}/p/", "--endpoint", ServerEnvironment.S3Endpoint, "--checkpoint", "dir:" + checkpoints], env);

        Assert.True(abortCode == 0, abort);
        Assert.Contains($"aborted {new ObjectLocation(bucket, "p/big.bin")}", abort, StringComparison.Ordinal);
        Assert.Contains("; aborted 1 interrupted upload(s)", abort, StringComparison.Ordinal);
        Assert.Equal([outside], await rgw.ListUploadsAsync(bucket, string.Empty).Select(u => u.UploadId).ToListAsync());
        var (_, after) = await Rupload.RunAsync(["status", "--checkpoint", "dir:" + checkpoints]);
        Assert.DoesNotContain("batch ", after, StringComparison.Ordinal);
        Assert.DoesNotContain(inside, after, StringComparison.Ordinal);
        Assert.Contains("upload " + outside, after, StringComparison.Ordinal);
        Assert.Equal("done\n", System.Text.Encoding.UTF8.GetString(await ServerTargets.DownloadAsync(rgw, bucket, "p/done.txt"))); // uploaded objects stay
    }

    [Fact]
    public async Task Sweep_BatchRecordInTheStore_NotAnUploadCheckpointedKeptOrphanAborted()
    {
        using var rgw = ServerTargets.Rgw();
        var bucket = await ServerTargets.NewBucketAsync(rgw);
        var source = temp.SubDirectory("src");
        File.WriteAllText(Path.Combine(source, "done.txt"), "done\n");
        var checkpoints = temp.SubDirectory("ckpt");
        var env = ServerEnvironment.S3CliEnvironment();
        var (code, output) = await BatchUploadTests.RunWithStdinAsync(
            ["upload", "--files-from", "-", source, $"s3://{bucket}/p/", "--endpoint", ServerEnvironment.S3Endpoint, "--checkpoint", "dir:" + checkpoints, "--progress", "none"], "done.txt\nmissing.bin\n", env);
        Assert.True(code == 1, output);
        var kept = await CheckpointedUploadAsync(rgw, checkpoints, source, new ObjectLocation(bucket, "p/kept.bin"));
        var orphan = await rgw.InitiateAsync(new ObjectLocation(bucket, "p/orphan.bin"), ObjectProperties.Empty, ChecksumAlgorithm.Crc64Xz);

        var (sweepCode, sweep) = await Rupload.RunAsync(["sweep", $"s3://{bucket}/", "--older-than", "0s", "--checkpoint", "dir:" + checkpoints, "--endpoint", ServerEnvironment.S3Endpoint], env);

        Assert.True(sweepCode == 0, sweep);
        Assert.Contains("1 upload(s) aborted, 0 failed", sweep, StringComparison.Ordinal);
        Assert.Contains("kept (resumable, has a checkpoint) ", sweep, StringComparison.Ordinal);
        Assert.Contains(orphan, sweep, StringComparison.Ordinal);
        Assert.DoesNotContain("batch ledger", sweep, StringComparison.Ordinal);
        Assert.Equal([kept], await rgw.ListUploadsAsync(bucket, string.Empty).Select(u => u.UploadId).ToListAsync());
        var (_, status) = await Rupload.RunAsync(["status", "--checkpoint", "dir:" + checkpoints]);
        Assert.Contains($"batch {source} -> s3://{bucket}/p/  files done 1", status, StringComparison.Ordinal); // the sweep left the batch alone
    }

    [Fact]
    public async Task Upload_DirectoryToAMissingBucket_Exit2AtOnceOneLineAndNothingLeftInTheStore()
    {
        var source = temp.SubDirectory("src");
        for (var i = 0; i < 20; i++)
        {
            File.WriteAllText(Path.Combine(source, $"f{i}.txt"), "x");
        }

        var checkpoints = temp.SubDirectory("ckpt");
        var bucket = ServerTargets.NewName("missing");

        var (code, output) = await Rupload.RunAsync(
            ["upload", source, $"s3://{bucket}/p/", "--endpoint", ServerEnvironment.S3Endpoint, "--checkpoint", "dir:" + checkpoints, "--progress", "none"],
            ServerEnvironment.S3CliEnvironment());

        Assert.True(code == 2, output);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("the bucket or container does not exist", line, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(checkpoints));
    }

    public void Dispose() => temp.Dispose();

    /// <summary>Initiates an upload on RGW and writes the checkpoint a killed run of that file would have left.</summary>
    private static async Task<string> CheckpointedUploadAsync(S3MultipartTarget rgw, string checkpoints, string sourceDirectory, ObjectLocation location)
    {
        var uploadId = await rgw.InitiateAsync(location, ObjectProperties.Empty, ChecksumAlgorithm.Crc64Xz);
        var source = Path.Combine(sourceDirectory, location.Key.Replace('/', '-'));
        var lease = await new FileCheckpointStore(checkpoints).AcquireAsync(CheckpointKey.For(source, rgw.Identity, location));
        await using (lease)
        {
            await lease.CreateAsync(new CheckpointHeader
            {
                TargetIdentity = rgw.Identity,
                Location = location,
                UploadId = uploadId,
                Source = new SourceIdentity(source, 1, DateTime.UnixEpoch, null),
                PartSize = UploadOptions.MinPartSize,
                PartCount = 1,
                Algorithm = ChecksumAlgorithm.Crc64Xz,
                CreatedAt = DateTimeOffset.UnixEpoch,
            });
        }

        return uploadId;
    }
}
