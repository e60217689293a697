using System.CommandLine;
using System.Globalization;
using System.Runtime.ExceptionServices;
using ResumableUpload.Cli.Batch;
using ResumableUpload.Cli.CommandLine;
using ResumableUpload.Cli.Destinations;
using ResumableUpload.Cli.Hosting;
using ResumableUpload.Cli.Output;
using ResumableUpload.Cli.Output.Json;

namespace ResumableUpload.Cli.Commands;

/// <summary>
/// <c>rupload upload &lt;directory&gt; &lt;prefix&gt;/</c> and <c>rupload upload --files-from &lt;list&gt; [&lt;base&gt;] &lt;prefix&gt;/</c>:
/// many files through one uploader, each resumable; a rerun skips the files already done. Progress on stderr, one
/// summary at the end; exit 1 when any file failed (their checkpoints kept), 2 at once on a configuration error.
/// </summary>
internal static class BatchUploadCommand
{
    /// <summary>Whether the command line asks for a batch: <c>--files-from</c>, or a directory as the source.</summary>
    public static bool Applies(UploadSymbols symbols, ParseResult parse)
        => CliOptions.Given(parse, symbols.FilesFrom)
            || (symbols.Positionals(parse) is [var source, _] && Directory.Exists(Path.GetFullPath(source)));

    /// <summary>A single file takes none of the batch options: say so rather than ignore them.</summary>
    public static void RejectBatchOptions(UploadSymbols symbols, ParseResult parse)
    {
        if (symbols.BatchOnly.FirstOrDefault(o => CliOptions.Given(parse, o)) is { } option)
        {
            var positionals = symbols.Positionals(parse);
            throw new UsageException($"{option.Name} applies to a directory upload or --files-from; '{(positionals.Count > 0 ? positionals[0] : "the source")}' is not a directory.");
        }
    }

    /// <summary>The name a batch is recorded under in the checkpoint store: its base directory and destination, so <c>abort</c> finds it from the same two arguments.</summary>
    public static string BatchName(string baseDirectory, Destination destination) => baseDirectory + " -> " + destination.Display;

    /// <summary>Whether a destination argument names a prefix (ends in '/').</summary>
    public static bool IsPrefix(string destination) => destination.EndsWith('/');

    public static async Task<int> RunAsync(UploadSymbols symbols, ParseResult parse, CliContext cli)
    {
        if (symbols.StreamOnly.FirstOrDefault(o => CliOptions.Given(parse, o)) is { } streamOption)
        {
            throw new UsageException($"{streamOption.Name} applies only to stdin (-) or a URL, not to a directory or a file list.");
        }

        if (!cli.Cancellation.IsCancellationRequested) // a Ctrl-C already seen is not lost in a new process
        {
            cli.EnterBatchRuntime(); // may replace this process with one tuned for a batch (DECISIONS 49): before anything is read
        }

        var listPath = parse.GetValue(symbols.FilesFrom);
        var include = parse.GetValue(symbols.Include) ?? [];
        var exclude = parse.GetValue(symbols.Exclude) ?? [];
        var (root, destinationText) = ParseSources(symbols.Positionals(parse), listPath, include.Length + exclude.Length > 0);
        var progressMode = symbols.ProgressMode(parse, cli);
        var destination = DestinationParser.Parse(destinationText, symbols.Target.Read(parse, cli), prefix: true);
        var checkpoints = CheckpointStoreSpec.Parse(parse.GetValue(symbols.Checkpoint), cli.Environment, parse.GetValue(symbols.Lease));
        var verbose = symbols.IsVerbose(parse);
        var properties = symbols.Object.Read(parse, cli.Environment);
        using var loggers = cli.CreateLoggerFactory(verbose);
        if (verbose && BatchRuntime.IsEntered)
        {
            cli.Stderr.WriteLine("rupload: batch runtime: tiered compilation off (re-executed with DOTNET_TieredCompilation=0; set it yourself to choose)");
        }

        await using var host = CliHost.Create(destination, checkpoints, symbols.Options(parse), loggers);
        properties.Validate(host.Target.Capabilities); // once for the batch, not once per file
        var uploader = host.Uploader;
        var store = host.Store;
        var batchId = store is null ? null : BatchName(root, destination);
        var bucket = destination.Location.Bucket;
        var prefix = destination.Location.Key;
        using var list = listPath is null ? null : OpenList(listPath, cli);

        var summary = new BatchSummary();
        var started = TimeProvider.System.GetTimestamp();
        TargetException? configurationError = null;
        var interrupted = false;
        await BatchDisplay.RunAsync(cli, progressMode, symbols.ProgressLineInterval(parse), async display =>
        {
            var batch = new BatchOptions
            {
                FilesInFlight = parse.GetValue(symbols.FilesInFlight) ?? BatchOptions.DefaultFilesInFlight,
                FailurePolicy = parse.GetValue(symbols.StopOnFailure) ? BatchFailurePolicy.StopOnFirstFailure : BatchFailurePolicy.Continue,
                BatchId = batchId,
                Progress = display.Batch,
                FileProgress = display.File,
            };
            var outcomes = list is null
                ? uploader.UploadDirectoryAsync(
                    new DirectoryUploadRequest { Directory = root, Bucket = bucket, KeyPrefix = prefix, Include = include, Exclude = exclude, Properties = properties },
                    batch,
                    cli.Cancellation)
                : uploader.UploadManyAsync(FileList.ReadAsync(list, root, bucket, prefix, properties, cli.Cancellation), batch, cli.Cancellation);
            try
            {
                await foreach (var outcome in outcomes.ConfigureAwait(false))
                {
                    display.FileDone(outcome.Request);
                    if (outcome.Error is OperationCanceledException && cli.Cancellation.IsCancellationRequested)
                    {
                        continue; // interrupted, not failed: its checkpoint is kept like any interrupted upload's
                    }

                    summary.Add(outcome);
                    if (verbose)
                    {
                        cli.Stderr.WriteLine($"rupload: {outcome.Status.ToString().ToLowerInvariant()} {outcome.Request.SourcePath} -> {outcome.Request.Key}");
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

            return 0;
        }).ConfigureAwait(false);

        if (configurationError is not null)
        {
            if (store is not null && batchId is not null)
            {
                await EmptyBatchRecord.DeleteAsync(store, host.Target.Identity, batchId, cli.Cancellation).ConfigureAwait(false);
            }

            ExceptionDispatchInfo.Throw(configurationError);
        }

        var elapsed = TimeProvider.System.GetElapsedTime(started);
        if (cli.Json)
        {
            JsonResults.Batch(cli.Out, summary, destination.Display, elapsed, interrupted, failure => Reason(failure, cli.Cancellation));
        }
        else
        {
            WriteSummary(cli.Out, summary, destination, elapsed, interrupted, cli.Cancellation);
        }
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

    private static (string Root, string Destination) ParseSources(IReadOnlyList<string> positionals, string? listPath, bool filtered)
    {
        if (listPath is null)
        {
            var directory = Path.GetFullPath(positionals[0]);
            if (!IsPrefix(positionals[1]))
            {
                throw new UsageException($"The source '{directory}' is a directory; to upload it, give a destination prefix ending in '/' (e.g. {positionals[1]}/).");
            }

            return (directory, positionals[1]);
        }

        if (filtered)
        {
            throw new UsageException("--include and --exclude filter a directory upload; with --files-from, filter the list itself.");
        }

        string root;
        string destination;
        if (positionals.Count == 1)
        {
            root = Directory.GetCurrentDirectory();
            destination = positionals[0];
        }
        else
        {
            root = Path.GetFullPath(positionals[0]);
            if (!Directory.Exists(root))
            {
                throw new UsageException($"--files-from: '{root}' is not a directory; the argument before the destination is the base directory the list's paths are relative to.");
            }

            destination = positionals[1];
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
            var resumable = failure.IsResumable ? "resumable: run the same command again" : "not resumable: fix the cause first";
            output.WriteLine($"failed: {failure.Request.SourcePath} -> {failure.Request.Key}: {Reason(failure, cancellation)} ({resumable})");
        }
    }

    private static string Reason(UploadOutcome failure, CancellationToken cancellation) => (failure.Error switch
    {
        OperationCanceledException => "stopped at the first failure (--stop-on-failure)",
        { } error => CliRunner.Describe(error, cancellation).Message,
        null => "unknown",
    }).ReplaceLineEndings(" ");
}
