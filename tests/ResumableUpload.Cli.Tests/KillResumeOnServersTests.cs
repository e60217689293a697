using ResumableUpload.Hashing;
using ResumableUpload.TestSupport;

namespace ResumableUpload.Cli.Tests;

/// <summary>
/// SIGKILL <c>rupload upload</c> at several points and resume with the same command, with every checkpoint store and
/// against the real S3 (Ceph RGW) and Azure (Azurite) servers: the object is byte-identical (downloaded, or by the
/// ETag RGW computed from the stored bytes), no incomplete upload is left on the target, the checkpoint is gone, and the
/// whole-object CRC matches.
/// </summary>
[Collection(ServerProcessTestGroup.Name)]
public class KillResumeOnServersTests : IDisposable
{
    private readonly TempDirectory temp = new();

    // 400 one-MiB parts to the local folder: 275 parts after the last kill point, so the kill lands while the upload
    // still runs even though parts are now written in place (a 200-part file finished before a late kill once).
    [Fact]
    public async Task Upload_SqliteStoreKilledAndResumed_ByteIdenticalAndCheckpointGone()
    {
        var source = temp.RandomFile("big.bin", 400L << 20, seed: 31);
        var db = temp.File("checkpoints.db");
        var outDir = temp.SubDirectory("out");
        string[] args = ["upload", source, $"file://{outDir}/big.bin", "--part-size", "1MiB", "--threads", "2", "--checkpoint", "sqlite:" + db, "--progress", "lines", "--progress-interval", "0s"];

        // The default 30 s lease and no pause: each rerun takes over the killed holder at once (its process is gone).
        var (code, output, resumed, killedAt) = await KillResume.KillAtEachThenFinishAsync(args, [25, 75, 125], 400, localTarget: outDir);
        Assert.True(code == 0, output);
        Assert.True(resumed >= killedAt[^1] - 8, output); // parts on the target run a few ahead of the checkpoint
        Assert.True(TestData.FilesEqual(source, Path.Combine(outDir, "big.bin")));
        var (status, statusOutput) = await Rupload.RunAsync(["status", "--checkpoint", "sqlite:" + db]);
        Assert.Equal(0, status);
        Assert.Contains("No interrupted uploads", statusOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_RedisStoreKilledAndResumed_ByteIdenticalAndCheckpointGone()
    {
        var source = temp.RandomFile("big.bin", 400L << 20, seed: 32);
        var outDir = temp.SubDirectory("out");
        var spec = "redis:" + ServerEnvironment.Redis;

        // The default 30 s lease and no pause: each rerun takes over the killed holder at once (its process is gone).
        string[] args = ["upload", source, $"file://{outDir}/big.bin", "--part-size", "1MiB", "--threads", "2", "--checkpoint", spec, "--progress", "lines", "--progress-interval", "0s"];
        var (code, output, resumed, killedAt) = await KillResume.KillAtEachThenFinishAsync(args, [25, 75, 125], 400, localTarget: outDir);
        Assert.True(code == 0, output);
        Assert.True(resumed >= killedAt[^1] - 8, output); // parts on the target run a few ahead of the checkpoint
        Assert.True(TestData.FilesEqual(source, Path.Combine(outDir, "big.bin")));
        var (_, statusOutput) = await Rupload.RunAsync(["status", "--checkpoint", spec]);
        Assert.DoesNotContain(source, statusOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_S3OnRgwKilledAndResumed_ByteIdenticalNoIncompleteUploadCrcVerified()
    {
        using var rgw = ServerTargets.Rgw();
        var bucket = await ServerTargets.NewBucketAsync(rgw);
        var source = temp.RandomFile("big.bin", 200L << 20, seed: 33);
        var checkpoints = temp.SubDirectory("ckpt");
        string[] args = ["upload", source, $"s3://{bucket}/dir/big.bin", "--endpoint", ServerEnvironment.S3Endpoint, "--part-size", "5MiB", "--checkpoint", "dir:" + checkpoints, "--progress", "lines", "--progress-interval", "0s"];
        var (code, output, resumed, killedAt) = await KillResume.KillAtEachThenFinishAsync(args, [3, 8, 13], 40, ServerEnvironment.S3CliEnvironment());
        Assert.True(code == 0, output);
        Assert.True(resumed >= killedAt[^1] - 4, output);

        // Byte-identical by the size and the ETag RGW computed from the bytes it stored (no 200 MiB download).
        var head = await rgw.Client.GetObjectMetadataAsync(bucket, "dir/big.bin");
        Assert.Equal(new FileInfo(source).Length, head.ContentLength);
        Assert.True(S3ETag.Matches(head.ETag, source, 5L << 20), $"the object's ETag {head.ETag} is not the source's");
        Assert.Contains($"{Crc.Compute(ChecksumAlgorithm.Crc64Xz, await File.ReadAllBytesAsync(source)):x16}", output, StringComparison.Ordinal);
        Assert.Empty(await rgw.ListUploadsAsync(bucket, string.Empty).ToListAsync());
        Assert.Empty(Directory.GetFiles(checkpoints, "*.ckpt"));
    }

    [Fact]
    public async Task Upload_AzureOnAzuriteKilledAndResumed_ByteIdenticalNoIncompleteUploadCrcVerified()
    {
        var azure = ServerTargets.Azurite();
        var container = await ServerTargets.NewContainerAsync();
        var source = temp.RandomFile("big.bin", 200L << 20, seed: 34);
        var checkpoints = temp.SubDirectory("ckpt");
        string[] args = ["upload", source, $"az://{container}/dir/big.bin", "--part-size", "4MiB", "--checkpoint", "dir:" + checkpoints, "--progress", "lines", "--progress-interval", "0s"];
        var (code, output, resumed, killedAt) = await KillResume.KillAtEachThenFinishAsync(args, [4, 12, 20], 50, ServerEnvironment.AzureCliEnvironment());
        Assert.True(code == 0, output);
        Assert.True(resumed >= killedAt[^1] - 4, output);

        var bytes = await ServerTargets.DownloadAsync(container, "dir/big.bin");
        var expected = await File.ReadAllBytesAsync(source);
        Assert.True(bytes.AsSpan().SequenceEqual(expected), "downloaded object differs from the source");
        Assert.Contains($"{Crc.Compute(ChecksumAlgorithm.Crc64Xz, bytes):x16}", output, StringComparison.Ordinal);
        Assert.Empty(await azure.ListUploadsAsync(container, string.Empty).ToListAsync());
        Assert.Empty(Directory.GetFiles(checkpoints, "*.ckpt"));
    }

    public void Dispose() => temp.Dispose();
}
