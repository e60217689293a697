using ResumableUpload.Cli.CommandLine;
using ResumableUpload.Cli.Destinations;

namespace ResumableUpload.Cli.Commands;

/// <summary><c>rupload abort &lt;file&gt; &lt;destination&gt;</c>: abort an interrupted upload on the target and delete its checkpoint.</summary>
internal static class AbortCommand
{
    public const string Usage = "rupload abort <file> <destination> [--checkpoint dir:<path>|sqlite:<path>|redis:<host:port>] [--endpoint URL]";

    public static async Task<int> RunAsync(IEnumerable<string> tokens, CliContext cli)
    {
        var args = Arguments.Parse(tokens, ["--checkpoint", "--endpoint", "--s3-checksums"], ["--verbose", "-v"]);
        args.ExpectPositionals(2, Usage);
        var source = Path.GetFullPath(args.Positionals[0]);
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
}
