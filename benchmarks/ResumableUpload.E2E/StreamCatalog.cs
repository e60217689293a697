using System.Globalization;

namespace ResumableUpload.E2E;

/// <summary>One stream case: a pipeline timed as a whole, an untimed step before it, and a line its output must hold.</summary>
internal sealed record StreamCase(string Name, string Description, Command Command, Func<Task>? Before = null, string? Expect = null);

/// <summary>
/// The stdin cases of issue 12 (<c>run --stream</c>): <c>cat file | uploader</c> to the S3 server for rupload, aws s3 cp,
/// rclone rcat and TransferUtility (given stdin, a non-seekable stream), and rupload replaying a stream whose first
/// ~90 % were sent by an earlier run with <c>--no-complete-on-eof</c>. Each pipeline runs under bash with pipefail.
/// </summary>
internal sealed class StreamCatalog(HarnessOptions options, string work, string file)
{
    public const string FreshKey = "e2e/stream.bin";
    public const string ReplayKey = "e2e/stream-replay.bin";

    private string PartSize => options.PartSize.ToString(CultureInfo.InvariantCulture);

    private string Threads => options.Threads.ToString(CultureInfo.InvariantCulture);

    /// <summary>Gets the length of the replay's first run: the whole parts within 90 % of the file.</summary>
    public long FirstRunBytes => options.Size * 9 / 10 / options.PartSize * options.PartSize;

    public List<StreamCase> All(string endpoint)
    {
        var s3 = CaseCatalog.S3Environment;
        var aws = CaseCatalog.AwsEnvironment(work, options.PartSize, options.Threads, s3);
        var tu = CaseCatalog.Self("tu-stream", "-", CaseCatalog.Bucket, FreshKey, PartSize, Threads);
        var replayCheckpoints = Path.Combine(work, "ckpt-replay");
        List<StreamCase> cases =
        [
            new("stream-rupload", "cat → rupload upload - (S3, Ceph RGW)", Pipe(Rupload(FreshKey, Path.Combine(work, "ckpt-stream"), endpoint), s3), () =>
            {
                Reset(Path.Combine(work, "ckpt-stream"));
                return Task.CompletedTask;
            }),
            new("stream-peer-tu", "cat → TransferUtility, stdin as a non-seekable InputStream (AWSSDK.S3 4.1.0)", Pipe(Quote([tu.File, .. tu.Arguments]), s3)),
            new("stream-peer-aws", $"cat → aws s3 cp - ({MachineInfo.Aws})", Pipe(AwsCopy(MachineInfo.Aws, endpoint), aws)),
            .. MachineInfo.PathAws is { } pathAws ? [new StreamCase("stream-peer-aws-path", $"cat → aws s3 cp - ({pathAws}, the aws on PATH)", Pipe(AwsCopy(pathAws, endpoint), aws))] : Array.Empty<StreamCase>(),
            new("stream-peer-rclone", "cat → rclone rcat (1.60, Debian apt)", Pipe($"/usr/bin/rclone rcat e2e:{CaseCatalog.Bucket}/{FreshKey} --config {Quote([RcloneConfig()])} --s3-chunk-size {PartSize}B --s3-upload-concurrency {Threads}", CaseCatalog.RcloneEnvironment(endpoint))),
            new("stream-rupload-replay", $"cat → rupload upload - replaying a stream whose first {Sizes.Format(FirstRunBytes)} were sent", Pipe(Rupload(ReplayKey, replayCheckpoints, endpoint), s3), () => FirstRunAsync(replayCheckpoints, endpoint, s3), "parts verified, not sent"),
        ];
        return options.Only.Count == 0 ? cases : [.. cases.Where(c => options.Only.Contains(c.Name))];
    }

    private string Rupload(string key, string checkpoints, string endpoint)
        => Quote([options.Rupload, "upload", "-", $"s3://{CaseCatalog.Bucket}/{key}", "--endpoint", endpoint, "--part-size", PartSize, "--threads", Threads, "--checkpoint", "dir:" + checkpoints, "--progress", "none"]);

    private static string AwsCopy(string aws, string endpoint)
        => $"{Quote([aws])} s3 cp - s3://{CaseCatalog.Bucket}/{FreshKey} --endpoint-url {endpoint} --no-progress --only-show-errors";

    private Command Pipe(string uploader, IReadOnlyDictionary<string, string?> environment, string head = "cat")
        => new("/bin/bash", ["-c", $"set -o pipefail; {head} {Quote([file])} | {uploader}"], environment);

    /// <summary>The replay's first run, untimed: the first whole parts of ~90 % of the stream, sent but not completed.</summary>
    private async Task FirstRunAsync(string checkpoints, string endpoint, IReadOnlyDictionary<string, string?> s3)
    {
        Reset(checkpoints);
        var first = Pipe(Rupload(ReplayKey, checkpoints, endpoint) + " --no-complete-on-eof", s3, $"head -c {FirstRunBytes.ToString(CultureInfo.InvariantCulture)}");
        await TimedProcess.RunAsync(first, Path.Combine(work, "e2e.log"));
    }

    private string RcloneConfig()
    {
        var config = Path.Combine(work, "rclone.conf");
        File.WriteAllText(config, string.Empty);
        return config;
    }

    private static void Reset(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Directory.CreateDirectory(directory);
    }

    private static string Quote(IEnumerable<string> words) => string.Join(' ', words.Select(w => "'" + w.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
}
