using ResumableUpload.Cli.CommandLine;
using ResumableUpload.Cli.Destinations;

namespace ResumableUpload.Cli.Commands;

/// <summary><c>rupload abort &lt;file&gt; &lt;destination&gt;</c>: abort an interrupted upload on the target and delete its checkpoint.</summary>
internal static class AbortCommand
{
    public const string Usage = "rupload abort <file> <destination> [--checkpoint dir:<path>|sqlite:<path>|redis:<host:port>] [--endpoint URL]";

    public const string BatchUsage = "rupload abort <directory> <destination-prefix>/ [--checkpoint SPEC] [--endpoint URL]";

    public static async Task<int> RunAsync(IEnumerable<string> tokens, CliContext cli)
    {
        var args = Arguments.Parse(tokens, ["--checkpoint", "--endpoint", "--s3-checksums"], ["--verbose", "-v"]);
        args.ExpectPositionals(2, Usage);
        var source = Path.GetFullPath(args.Positionals[0]);
        if (BatchUploadCommand.IsPrefix(args.Positionals[1]))
        {
            return await AbortBatchAsync(args, source, cli).ConfigureAwait(false);
        }

        if (Directory.Exists(source))
        {
            throw new UsageException($"The source '{source}' is a directory; to abort its batch, give the destination prefix ending in '/' it was uploaded to (e.g. {args.Positionals[1]}/).");
        }

        var destination = DestinationParser.Parse(args.Positionals[1], new DestinationSettings(cli.Environment, args.Value("--endpoint"), args.Value("--s3-checksums")) { S3Addressing = args.Value("--s3-addressing") });
        using var owner = destination.Owner;
        var (store, storeOwner, display) = CheckpointStoreSpec.Create(args.Value("--checkpoint"), cli.Environment);
        await using var lifetime = storeOwner;
        using var loggers = cli.CreateLoggerFactory(args.Flag("--verbose") || args.Flag("-v"));
        var uploader = new ResumableUploader(destination.Target, store, null, loggers);
        var removed = await uploader.AbortAsync(new UploadRequest { SourcePath = source, Bucket = destination.Location.Bucket, Key = destination.Location.Key }, cli.Cancellation).ConfigureAwait(false);
        cli.Out.WriteLine(removed
            ? $"Aborted the upload of {source} to {destination.Display} and deleted its checkpoint."
            : $"No interrupted upload of {source} to {destination.Display} in {display}.");
        return ExitCodes.Success;
    }

    /// <summary>
    /// <c>rupload abort &lt;directory&gt; &lt;prefix&gt;/</c>: drops the batch that <c>upload</c> recorded for that base
    /// directory (for <c>--files-from</c>: the base directory it was given, or the current one) and destination, and
    /// aborts the interrupted uploads under the prefix. Objects already uploaded stay.
    /// </summary>
    private static async Task<int> AbortBatchAsync(Arguments args, string baseDirectory, CliContext cli)
    {
        var destination = DestinationParser.Parse(args.Positionals[1], new DestinationSettings(cli.Environment, args.Value("--endpoint"), args.Value("--s3-checksums")) { S3Addressing = args.Value("--s3-addressing") }, prefix: true);
        using var owner = destination.Owner;
        var (store, storeOwner, display) = CheckpointStoreSpec.Create(args.Value("--checkpoint"), cli.Environment);
        await using var lifetime = storeOwner;
        if (store is null)
        {
            throw new UsageException("abort needs a checkpoint store; --checkpoint none has none.");
        }

        using var loggers = cli.CreateLoggerFactory(args.Flag("--verbose") || args.Flag("-v"));
        var uploader = new ResumableUploader(destination.Target, store, null, loggers);
        var batchId = BatchUploadCommand.BatchName(baseDirectory, destination);
        var result = await uploader.AbortBatchAsync(batchId, destination.Location.Bucket, destination.Location.Key, cli.Cancellation).ConfigureAwait(false);
        foreach (var location in result.AbortedUploads)
        {
            cli.Out.WriteLine($"aborted {location}");
        }

        cli.Out.WriteLine(string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"{(result.BatchCheckpointsDeleted > 0 ? $"Deleted the batch record of {batchId}" : $"No batch record of {batchId} in {display}")}; aborted {result.AbortedUploads.Count} interrupted upload(s) under {destination.Display}."));
        return ExitCodes.Success;
    }
}
