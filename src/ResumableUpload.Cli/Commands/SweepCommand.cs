using System.Globalization;
using ResumableUpload.Cli.CommandLine;
using ResumableUpload.Cli.Destinations;

namespace ResumableUpload.Cli.Commands;

/// <summary>
/// <c>rupload sweep &lt;destination-prefix&gt; --older-than &lt;duration&gt; [--dry-run]</c>: abort uploads that were
/// started and never finished. Their parts are stored (and billed) until someone aborts them.
/// </summary>
internal static class SweepCommand
{
    public const string Usage = "rupload sweep <destination-prefix> --older-than <duration> [--dry-run] [--checkpoint SPEC] [--endpoint URL] [--s3-addressing virtual|path]";

    public static async Task<int> RunAsync(IEnumerable<string> tokens, CliContext cli)
    {
        var args = Arguments.Parse(tokens, ["--older-than", "--checkpoint", "--endpoint", "--s3-checksums"], ["--dry-run"]);
        args.ExpectPositionals(1, Usage);
        var olderThan = args.Value("--older-than") is { } text
            ? DurationParser.Parse(text, "--older-than")
            : throw new UsageException("sweep needs --older-than <duration> (for example 7d, or 0s for every incomplete upload).");
        var dryRun = args.Flag("--dry-run");
        var destination = DestinationParser.Parse(args.Positionals[0], new DestinationSettings(cli.Environment, args.Value("--endpoint"), args.Value("--s3-checksums")) { S3Addressing = args.Value("--s3-addressing") }, prefix: true);
        using var owner = destination.Owner;
        // Uploads that a checkpoint of this store records can still resume: the sweep leaves them ("--checkpoint none" does not).
        var (store, storeOwner, _) = CheckpointStoreSpec.Create(args.Value("--checkpoint"), cli.Environment);
        await using var lifetime = storeOwner;
        var uploader = new ResumableUploader(destination.Target, store);
        var result = await uploader.SweepIncompleteUploadsAsync(destination.Location.Bucket, destination.Location.Key, olderThan, dryRun, cli.Cancellation).ConfigureAwait(false);
        foreach (var upload in result.Aborted)
        {
            cli.Out.WriteLine((dryRun ? "would abort " : "aborted ") + Describe(upload));
        }

        foreach (var upload in result.Protected)
        {
            cli.Out.WriteLine("kept (resumable, has a checkpoint) " + Describe(upload));
        }

        foreach (var upload in result.AlreadyGone)
        {
            cli.Out.WriteLine("already gone " + Describe(upload));
        }

        foreach (var failure in result.Failures)
        {
            cli.Error.WriteLine($"rupload: could not abort {failure.Upload.UploadId} ({failure.Upload.Location}): {failure.Error.Message}");
        }

        cli.Error.WriteLine(dryRun
            ? string.Create(CultureInfo.InvariantCulture, $"{result.Aborted.Count} upload(s) older than {text} would be aborted (dry run)")
            : string.Create(CultureInfo.InvariantCulture, $"{result.Aborted.Count} upload(s) aborted, {result.Failures.Count} failed"));
        return result.Failures.Count == 0 ? ExitCodes.Success : ExitCodes.FailedResumable;
    }

    private static string Describe(PendingUpload upload)
        => string.Create(CultureInfo.InvariantCulture, $"{upload.InitiatedAt:u}  {upload.UploadId}  {upload.Location}");
}
