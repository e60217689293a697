using System.Globalization;
using ResumableUpload.Cli.CommandLine;
using ResumableUpload.Cli.Destinations;
using ResumableUpload.Cli.Output;

namespace ResumableUpload.Cli.Commands;

/// <summary>
/// <c>rupload upload &lt;file|-|URL&gt; &lt;destination&gt;</c>: upload, or resume the interrupted upload of the same source
/// to the same object (stdin by replay: run the same pipeline again).
/// </summary>
internal static class UploadCommand
{
    public const string Usage = "rupload upload <file>|-|<https://url> <destination> " + UploadSources.Options + " [--part-size 8MiB] [--threads 3] [--checkpoint dir:<path>|sqlite:<path>|redis:<host:port>|none] [--lease 30s] [--md5] [--checksum crc64xz|crc64nvme|crc32c] [--verify-on-resume] [--content-type TYPE] [--endpoint URL] [--s3-checksums additional|when-required] [--s3-unsigned-payload] [--progress auto|bar|lines|none] [--progress-interval 2s] [--verbose]";

    private static readonly string[] ValueOptions = ["--part-size", "--threads", "--checkpoint", "--lease", "--checksum", "--content-type", "--endpoint", "--s3-checksums", "--progress", "--progress-interval"];
    private static readonly string[] FlagOptions = ["--md5", "--verify-on-resume", "--s3-unsigned-payload", "--verbose", "-v"];

    public static async Task<int> RunAsync(IEnumerable<string> tokens, CliContext cli)
    {
        var args = Arguments.Parse(tokens, [.. ValueOptions, .. UploadSources.ValueOptions, .. BatchUploadCommand.ValueOptions], [.. FlagOptions, .. UploadSources.FlagOptions, .. BatchUploadCommand.FlagOptions]);
        if (BatchUploadCommand.Applies(args))
        {
            if (UploadSources.ValueOptions.Concat(UploadSources.FlagOptions).FirstOrDefault(args.Has) is { } streamOption)
            {
                throw new UsageException($"{streamOption} applies only to stdin (-) or a URL, not to a directory or a file list.");
            }

            return await BatchUploadCommand.RunAsync(args, cli).ConfigureAwait(false);
        }

        BatchUploadCommand.RejectBatchOptions(args);
        args.ExpectPositionals(2, Usage);
        var options = ParseOptions(args);
        var progressMode = ParseProgressMode(args.Value("--progress"), cli.ErrorIsTerminal);
        var interval = args.Value("--progress-interval") is { } i ? DurationParser.Parse(i, "--progress-interval") : TimeSpan.FromSeconds(2);
        var (source, display) = UploadSources.Parse(args.Positionals[0], args, cli);
        var lease = args.Value("--lease") is { } l ? DurationParser.Parse(l, "--lease") : (TimeSpan?)null;
        var destination = DestinationParser.Parse(args.Positionals[1], Settings(args, cli));
        using var owner = destination.Owner;
        var (store, storeOwner, _) = CheckpointStoreSpec.Create(args.Value("--checkpoint"), cli.Environment, lease);
        await using var storeLifetime = storeOwner;
        using var loggers = cli.CreateLoggerFactory(args.Flag("--verbose") || args.Flag("-v"));

        var uploader = new ResumableUploader(destination.Target, store, options, loggers);
        var progress = new ProgressRenderer(cli.Error, progressMode, interval);
        UploadResult result;
        try
        {
            result = await uploader.UploadAsync(
                new UploadRequest
                {
                    Source = source,
                    Bucket = destination.Location.Bucket,
                    Key = destination.Location.Key,
                    Properties = new ObjectProperties { ContentType = args.Value("--content-type") },
                    Progress = progress,
                },
                cli.Cancellation).ConfigureAwait(false);
        }
        finally
        {
            progress.Finish();
        }

        if (UploadSources.Verified(source, result) is { } verified)
        {
            cli.Out.WriteLine(verified);
        }

        if (!result.Completed)
        {
            cli.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Sent {display} to {destination.Display}: {result.Length} bytes in {result.PartCount} part(s), all recorded; not completed (--no-complete-on-eof). Run the same pipeline again without it to complete: every part is verified, none sent again."));
            return ExitCodes.Success;
        }

        var resumed = result.ResumedParts > 0 ? string.Create(CultureInfo.InvariantCulture, $", {result.ResumedParts} resumed") : string.Empty;
        cli.Out.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Uploaded {display} to {destination.Display}: {result.Length} bytes in {result.PartCount} part(s) of {result.PartSize} bytes{resumed}; {result.Algorithm} {result.Crc:x16}{(result.CrcVerifiedByTarget ? " (verified by target)" : string.Empty)}; ETag {result.ETag}"));
        return ExitCodes.Success;
    }

    internal static DestinationSettings Settings(Arguments args, CliContext cli)
        => new(cli.Environment, args.Value("--endpoint"), args.Value("--s3-checksums"), args.Flag("--s3-unsigned-payload")) { S3Addressing = args.Value("--s3-addressing") };

    internal static UploadOptions ParseOptions(Arguments args)
    {
        var options = new UploadOptions
        {
            ContentMd5 = args.Flag("--md5"),
            VerifyOnResume = args.Flag("--verify-on-resume"),
        };
        if (args.Value("--part-size") is { } size)
        {
            options.PartSize = SizeParser.Parse(size, "--part-size");
        }

        if (args.Value("--threads") is { } threads)
        {
            options.Threads = int.TryParse(threads, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                ? n
                : throw new UsageException($"--threads: '{threads}' is not a whole number.");
        }

        if (args.Value("--checksum") is { } checksum)
        {
            options.Checksum = checksum.ToUpperInvariant() switch
            {
                "CRC64XZ" or "CRC64" => ChecksumAlgorithm.Crc64Xz,
                "CRC64NVME" => ChecksumAlgorithm.Crc64Nvme,
                "CRC32C" => ChecksumAlgorithm.Crc32C,
                _ => throw new UsageException($"--checksum: '{checksum}' is not one of crc64xz, crc64nvme, crc32c."),
            };
        }

        return options;
    }

    internal static ProgressMode ParseProgressMode(string? value, bool errorIsTerminal) => value switch
    {
        null or "auto" => errorIsTerminal ? ProgressMode.Bar : ProgressMode.Lines,
        "bar" => ProgressMode.Bar,
        "lines" => ProgressMode.Lines,
        "none" => ProgressMode.None,
        _ => throw new UsageException($"--progress: '{value}' is not one of auto, bar, lines, none."),
    };
}
