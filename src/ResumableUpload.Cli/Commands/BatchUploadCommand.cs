using System.Globalization;
using System.Runtime.ExceptionServices;
using ResumableUpload.Cli.Batch;
using ResumableUpload.Cli.CommandLine;
using ResumableUpload.Cli.Destinations;
using ResumableUpload.Cli.Output;

namespace ResumableUpload.Cli.Commands;

/// <summary>
/// <c>rupload upload &lt;directory&gt; &lt;prefix&gt;/</c> and <c>rupload upload --files-from &lt;list&gt; [&lt;base&gt;] &lt;prefix&gt;/</c>:
/// many files through one uploader, each resumable; a rerun skips the files already done. Progress on stderr, one
/// summary at the end; exit 1 when any file failed (their checkpoints kept), 2 at once on a configuration error.
/// </summary>
internal static class BatchUploadCommand
{
    public const string Usage = "rupload upload <directory> <destination-prefix>/ [--include GLOB]... [--exclude GLOB]... [--files-in-flight 16] [--stop-on-failure] [upload options]";

    public const string FilesFromUsage = "rupload upload --files-from <list>|- [<base-directory>] <destination-prefix>/ [--files-in-flight 16] [--stop-on-failure] [upload options]";

    public static readonly string[] ValueOptions = ["--include", "--exclude", "--files-in-flight", "--files-from"];

    public static readonly string[] FlagOptions = ["--stop-on-failure"];

    /// <summary>Whether the command line asks for a batch: <c>--files-from</c>, or a directory as the source.</summary>
    public static bool Applies(Arguments args)
        => args.Has("--files-from") || (args.Positionals.Count == 2 && Directory.Exists(Path.GetFullPath(args.Positionals[0])));

    /// <summary>A single file takes none of the batch options: say so rather than ignore them.</summary>
    public static void RejectBatchOptions(Arguments args)
    {
        foreach (var option in ValueOptions.Concat(FlagOptions))
        {
            if (args.Has(option))
            {
                throw new UsageException($"{option} applies to a directory upload or --files-from; '{(args.Positionals.Count > 0 ? args.Positionals[0] : "the source")}' is not a directory.");
            }
        }
    }

    /// <summary>The name a batch is recorded under in the checkpoint store: its base directory and destination, so <c>abort</c> finds it from the same two arguments.</summary>
    public static string BatchName(string baseDirectory, Destination destination) => baseDirectory + " -> " + destination.Display;

    /// <summary>Whether a destination argument names a prefix (ends in '/').</summary>
    public static bool IsPrefix(string destination) => destination.EndsWith('/');

    public static async Task<int> RunAsync(Arguments args, CliContext cli)
    {
        var listPath = args.Value("--files-from");
        var (root, destinationText) = ParseSources(args, listPath);
        var options = UploadCommand.ParseOptions(args);
        var progressMode = UploadCommand.ParseProgressMode(args.Value("--progress"), cli.ErrorIsTerminal);
        var interval = args.Value("--progress-interval") is { } i ? DurationParser.Parse(i, "--progress-interval") : TimeSpan.FromSeconds(2);
        var filesInFlight = BatchOptions.DefaultFilesInFlight;
        if (args.Value("--files-in-flight") is { } n)
        {
            filesInFlight = int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw new UsageException($"--files-in-flight: '{n}' is not a whole number.");
        }

        var lease = args.Value("--lease") is { } l ? DurationParser.Parse(l, "--lease") : (TimeSpan?)null;
        var destination = DestinationParser.Parse(destinationText, UploadCommand.Settings(args, cli), prefix: true);
        using var owner = destination.Owner;
        var (store, storeOwner, _) = CheckpointStoreSpec.Create(args.Value("--checkpoint"), cli.Environment, lease);
        await using var storeLifetime = storeOwner;
        var verbose = args.Flag("--verbose") || args.Flag("-v");
        using var loggers = cli.CreateLoggerFactory(verbose);
        var uploader = new ResumableUploader(destination.Target, store, options, loggers);
        var progress = new BatchProgressRenderer(cli.Error, progressMode, interval);
        var batch = new BatchOptions
        {
            FilesInFlight = filesInFlight,
            FailurePolicy = args.Flag("--stop-on-failure") ? BatchFailurePolicy.StopOnFirstFailure : BatchFailurePolicy.Continue,
            BatchId = store is null ? null : BatchName(root, destination),
            Progress = progressMode == ProgressMode.None ? null : progress,
        };
        var properties = new ObjectProperties { ContentType = args.Value("--content-type") };
        var bucket = destination.Location.Bucket;
        var prefix = destination.Location.Key;

        using var list = listPath is null ? null : OpenList(listPath, cli);
        var outcomes = list is null
            ? uploader.UploadDirectoryAsync(
                new DirectoryUploadRequest { Directory = root, Bucket = bucket, KeyPrefix = prefix, Include = args.Values("--include"), Exclude = args.Values("--exclude"), Properties = properties },
                batch,
                cli.Cancellation)
            : uploader.UploadManyAsync(FileList.ReadAsync(list, root, bucket, prefix, properties, cli.Cancellation), batch, cli.Cancellation);

        var summary = new BatchSummary();
        var started = TimeProvider.System.GetTimestamp();
        TargetException? configurationError = null;
        var interrupted = false;
        try
        {
            await foreach (var outcome in outcomes.ConfigureAwait(false))
            {
                if (outcome.Error is OperationCanceledException && cli.Cancellation.IsCancellationRequested)
                {
                    continue; // interrupted, not failed: its checkpoint is kept like any interrupted upload's
                }

                summary.Add(outcome);
                if (verbose)
                {
                    cli.Error.WriteLine($"rupload: {outcome.Status.ToString().ToLowerInvariant()} {outcome.Request.SourcePath} -> {outcome.Request.Key}");
                }

                if (outcome.Error is TargetException { IsConfigurationError: true } refused)
                {
                    // Credentials, bucket or endpoint: every other file would fail the same way. Stop, as a single upload does.
                    configurationError = refused;
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (cli.Cancellation.IsCancellationRequested)
        {
            interrupted = true;
        }
        finally
        {
            progress.Finish();
        }

        if (configurationError is not null)
        {
            if (store is not null && batch.BatchId is not null)
            {
                await EmptyBatchRecord.DeleteAsync(store, destination.Target.Identity, batch.BatchId, cli.Cancellation).ConfigureAwait(false);
            }

            ExceptionDispatchInfo.Throw(configurationError);
        }

        WriteSummary(cli.Out, summary, destination, TimeProvider.System.GetElapsedTime(started), interrupted, cli.Cancellation);
        if (interrupted)
        {
            throw new OperationCanceledException(cli.Cancellation);
        }

        if (summary.Failed > 0)
        {
            cli.Error.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"rupload: {summary.Failed} file(s) failed; the others are done. Checkpoints of the failed ones are kept: fix what is marked 'not resumable', then run the same command again (done files are skipped)."));
            return ExitCodes.FailedResumable;
        }

        return ExitCodes.Success;
    }

    private static (string Root, string Destination) ParseSources(Arguments args, string? listPath)
    {
        if (listPath is null)
        {
            args.ExpectPositionals(2, Usage);
            var directory = Path.GetFullPath(args.Positionals[0]);
            if (!IsPrefix(args.Positionals[1]))
            {
                throw new UsageException($"The source '{directory}' is a directory; to upload it, give a destination prefix ending in '/' (e.g. {args.Positionals[1]}/).");
            }

            return (directory, args.Positionals[1]);
        }

        if (args.Values("--include").Count > 0 || args.Values("--exclude").Count > 0)
        {
            throw new UsageException("--include and --exclude filter a directory upload; with --files-from, filter the list itself.");
        }

        string root;
        string destination;
        if (args.Positionals.Count == 1)
        {
            root = Directory.GetCurrentDirectory();
            destination = args.Positionals[0];
        }
        else
        {
            args.ExpectPositionals(2, FilesFromUsage);
            root = Path.GetFullPath(args.Positionals[0]);
            if (!Directory.Exists(root))
            {
                throw new UsageException($"--files-from: '{root}' is not a directory; the argument before the destination is the base directory the list's paths are relative to.");
            }

            destination = args.Positionals[1];
        }

        if (!IsPrefix(destination))
        {
            throw new UsageException($"--files-from uploads under a destination prefix ending in '/' (e.g. {destination}/).");
        }

        return (root, destination);
    }

    private static TextReader OpenList(string listPath, CliContext cli)
    {
        if (listPath == "-")
        {
            return cli.In;
        }

        var path = Path.GetFullPath(listPath);
        return File.Exists(path)
            ? new StreamReader(path)
            : throw new UsageException($"--files-from: the list '{path}' does not exist.");
    }

    private static void WriteSummary(TextWriter output, BatchSummary summary, Destination destination, TimeSpan elapsed, bool interrupted, CancellationToken cancellation)
    {
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{(interrupted ? "Interrupted after: u" : "U")}ploaded {summary.Uploaded}, skipped as already done {summary.Skipped}, failed {summary.Failed} ({ByteFormat.Size(summary.UploadedBytes)} uploaded to {destination.Display} in {ByteFormat.Duration(elapsed)})"));
        foreach (var failure in summary.Failures)
        {
            var reason = failure.Error switch
            {
                OperationCanceledException => "stopped at the first failure (--stop-on-failure)",
                { } error => CliRunner.Describe(error, cancellation).Message,
                null => "unknown",
            };
            var resumable = failure.IsResumable ? "resumable: run the same command again" : "not resumable: fix the cause first";
            output.WriteLine($"failed: {failure.Request.SourcePath} -> {failure.Request.Key}: {reason.ReplaceLineEndings(" ")} ({resumable})");
        }
    }
}
