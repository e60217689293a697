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
    public const string Usage = "rupload sweep <destination-prefix> --older-than <duration> [--dry-run] [--endpoint URL] [--s3-addressing virtual|path]";

    public static async Task<int> RunAsync(IEnumerable<string> tokens, CliContext cli)
    {
        var args = Arguments.Parse(tokens, ["--older-than", "--endpoint", "--s3-checksums"], ["--dry-run"]);
        args.ExpectPositionals(1, Usage);
        var olderThan = args.Value("--older-than") is { } text
            ? DurationParser.Parse(text, "--older-than")
            : throw new UsageException("sweep needs --older-than <duration> (for example 7d, or 0s for every incomplete upload).");
        var dryRun = args.Flag("--dry-run");
        var destination = DestinationParser.Parse(args.Positionals[0], new DestinationSettings(cli.Environment, args.Value("--endpoint"), args.Value("--s3-checksums")) { S3Addressing = args.Value("--s3-addressing") }, prefix: true);
        using var owner = destination.Owner;
        var target = new RetryingMultipartTarget(destination.Target);
        var cutoff = DateTimeOffset.UtcNow - olderThan;

        // List first, then abort: aborting while paging could shift the listing under the pager.
        var candidates = new List<PendingUpload>();
        await foreach (var upload in target.ListUploadsAsync(destination.Location.Bucket, destination.Location.Key, cli.Cancellation).ConfigureAwait(false))
        {
            if (upload.InitiatedAt <= cutoff)
            {
                candidates.Add(upload);
            }
        }

        var aborted = 0;
        var failed = 0;
        foreach (var upload in candidates)
        {
            var line = string.Create(CultureInfo.InvariantCulture, $"{upload.InitiatedAt:u}  {upload.UploadId}  {upload.Location}");
            if (dryRun)
            {
                cli.Out.WriteLine("would abort " + line);
                continue;
            }

            try
            {
                await target.AbortAsync(upload.Location, upload.UploadId, cli.Cancellation).ConfigureAwait(false);
                cli.Out.WriteLine("aborted " + line);
                aborted++;
            }
            catch (TargetException ex) when (ex.Kind == TargetErrorKind.UploadNotFound)
            {
                cli.Out.WriteLine("already gone " + line);
            }
            catch (TargetException ex)
            {
                cli.Error.WriteLine($"rupload: could not abort {upload.UploadId} ({upload.Location}): {ex.Message}");
                failed++;
            }
        }

        cli.Error.WriteLine(dryRun
            ? string.Create(CultureInfo.InvariantCulture, $"{candidates.Count} upload(s) older than {text} would be aborted (dry run)")
            : string.Create(CultureInfo.InvariantCulture, $"{aborted} upload(s) aborted, {failed} failed"));
        return failed == 0 ? ExitCodes.Success : ExitCodes.FailedResumable;
    }
}
