using System.Text.RegularExpressions;
using ResumableUpload.TestSupport;

namespace ResumableUpload.Cli.Tests;

/// <summary>
/// <c>cat big | rupload upload - &lt;dest&gt;</c>, SIGKILLed mid-stream, then the same pipeline run again: the replay
/// reports the parts it verified and did not send, and the object is byte-identical, on RGW and on Azurite.
/// </summary>
[Collection(ServerProcessTestGroup.Name)]
public partial class StdinKillResumeOnServersTests : IDisposable
{
    private readonly TempDirectory temp = new();

    [Fact]
    public async Task UploadStdin_S3OnRgwKilledThenPipelineReplayed_PartsVerifiedNotSentAndByteIdentical()
    {
        using var rgw = ServerTargets.Rgw();
        var bucket = await ServerTargets.NewBucketAsync(rgw);
        var source = temp.RandomFile("big.bin", 30L << 20, seed: 41);
        var checkpoints = temp.SubDirectory("ckpt");
        string[] args = ["upload", "-", $"s3://{bucket}/dump.bin", "--endpoint", ServerEnvironment.S3Endpoint, "--part-size", "5MiB", "--checkpoint", "dir:" + checkpoints, "--progress", "lines", "--progress-interval", "0s"];

        var output = await KillThenReplayAsync(args, source, killAtPart: 2, partSize: 5L << 20, ServerEnvironment.S3CliEnvironment());

        var bytes = await ServerTargets.DownloadAsync(rgw, bucket, "dump.bin");
        var expected = await File.ReadAllBytesAsync(source);
        Assert.True(bytes.AsSpan().SequenceEqual(expected), "the object differs from the stream");
        Assert.Empty(await rgw.ListUploadsAsync(bucket, string.Empty).ToListAsync());
        Assert.Empty(Directory.GetFiles(checkpoints, "*.ckpt"));
        Assert.Matches(Verified(), output);
    }

    [Fact]
    public async Task UploadStdin_AzureOnAzuriteKilledThenPipelineReplayed_PartsVerifiedNotSentAndByteIdentical()
    {
        var azure = ServerTargets.Azurite();
        var container = await ServerTargets.NewContainerAsync();
        var source = temp.RandomFile("big.bin", 24L << 20, seed: 42);
        var checkpoints = temp.SubDirectory("ckpt");
        string[] args = ["upload", "-", $"az://{container}/dump.bin", "--part-size", "4MiB", "--stream-name", "nightly", "--checkpoint", "dir:" + checkpoints, "--progress", "lines", "--progress-interval", "0s"];

        var output = await KillThenReplayAsync(args, source, killAtPart: 2, partSize: 4L << 20, ServerEnvironment.AzureCliEnvironment());

        var bytes = await ServerTargets.DownloadAsync(container, "dump.bin");
        var expected = await File.ReadAllBytesAsync(source);
        Assert.True(bytes.AsSpan().SequenceEqual(expected), "the object differs from the stream");
        Assert.Empty(await azure.ListUploadsAsync(container, string.Empty).ToListAsync());
        Assert.Empty(Directory.GetFiles(checkpoints, "*.ckpt"));
        Assert.Matches(Verified(), output);
    }

    public void Dispose() => temp.Dispose();

    /// <summary>
    /// Pipes the file in, kills the CLI once it reports <paramref name="killAtPart"/> parts, then runs the same pipeline
    /// to the end. The first producer stalls after a few more parts (until the kill), so a loaded machine that reads the
    /// progress late cannot let the upload finish before the kill.
    /// </summary>
    private static async Task<string> KillThenReplayAsync(string[] args, string source, int killAtPart, long partSize, Dictionary<string, string> environment)
    {
        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Rupload? run = null;
        run = Rupload.Start(args, environment, line =>
        {
            if (PartsDone().Match(line) is { Success: true } m && int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= killAtPart && killed.TrySetResult())
            {
                run!.KillHard();
            }
        }, stdin: Rupload.Pipe(source, ((killAtPart + 2) * partSize) + 1000, killed.Task));
        using (run)
        {
            var first = await run.WaitAsync(TimeSpan.FromMinutes(3));
            Assert.True(killed.Task.IsCompleted, $"the run ended by itself (exit {first}) before part {killAtPart}: {run.Output}");
        }

        var (code, output) = await Rupload.RunAsync(args, environment, stdin: Rupload.Pipe(source));
        Assert.True(code == 0, output);
        var match = Verified().Match(output);
        Assert.True(match.Success, output);
        var verified = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(verified >= killAtPart, output); // every part recorded before the kill matches the replay
        return output;
    }

    [GeneratedRegex(@"parts (\d+)")]
    private static partial Regex PartsDone();

    [GeneratedRegex(@"(\d+) parts verified, not sent")]
    private static partial Regex Verified();
}
