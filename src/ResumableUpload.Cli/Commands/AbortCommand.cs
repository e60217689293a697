using System.CommandLine;
using ResumableUpload.Cli.CommandLine;
using ResumableUpload.Cli.Destinations;
using ResumableUpload.Cli.Hosting;
using ResumableUpload.Cli.Output.Json;

namespace ResumableUpload.Cli.Commands;

/// <summary>
/// <c>rupload abort &lt;file&gt; &lt;destination&gt;</c>: abort an interrupted upload on the target and delete its checkpoint;
/// <c>rupload abort --cluster … &lt;job&gt;</c>: abort a cluster's job.
/// </summary>
internal static class AbortCommand
{
    public static Command Create(CliContext cli)
    {
        var source = new Argument<string?>("source") { Description = "The file whose upload to abort; or the directory of a batch.", Arity = ArgumentArity.ZeroOrOne };
        var destination = DestinationArgument.Create("The object it was uploaded to; for a batch, the destination prefix ending in '/'.");
        var checkpoint = CommonOptions.Checkpoint();
        var verbose = CommonOptions.Verbose();
        var target = new TargetOptions(unsignedPayload: false);
        var command = new Command("abort", "Abort an interrupted upload and delete its checkpoint, or drop an unfinished batch.") { source, destination, checkpoint };
        target.AddTo(command);
        command.Options.Add(verbose);
        var cluster = new Cluster.ClusterSymbols();
        cluster.AddTo(command);
        command.Validators.Add(result =>
        {
            // With --cluster the one positional is the job id; otherwise the source and the destination.
            var needed = result.GetResult(cluster.Cluster) is { Implicit: false } ? 1 : 2;
            if (new Argument[] { source, destination }.Take(needed).Any(a => result.GetResult(a) is not { Tokens.Count: > 0 }))
            {
                result.AddError("Missing arguments. Usage: " + Usage.Of(command));
            }
        });
        command.SetAction((parse, _) => cluster.Given(parse)
            ? Cluster.ClusterJobCommands.AbortAsync(cluster.Read(parse), parse.GetValue(source)!, cli)
            : RunAsync(new AbortArguments(parse.GetValue(source)!, parse.GetValue(destination)!, target.Read(parse, cli), parse.GetValue(checkpoint), parse.GetValue(verbose)), cli));
        return command;
    }

    private static async Task<int> RunAsync(AbortArguments args, CliContext cli)
    {
        var source = Path.GetFullPath(args.Source);
        if (BatchUploadCommand.IsPrefix(args.Destination))
        {
            return await AbortBatchAsync(args, source, cli).ConfigureAwait(false);
        }

        if (Directory.Exists(source))
        {
            throw new UsageException($"The source '{source}' is a directory; to abort its batch, give the destination prefix ending in '/' it was uploaded to (e.g. {args.Destination}/).");
        }

        var destination = DestinationParser.Parse(args.Destination, args.Settings);
        var checkpoints = CheckpointStoreSpec.Parse(args.Checkpoint, cli.Environment);
        using var loggers = cli.CreateLoggerFactory(args.Verbose);
        await using var host = CliHost.Create(destination, checkpoints, loggers: loggers);
        var removed = await host.Uploader.AbortAsync(new UploadRequest { SourcePath = source, Bucket = destination.Location.Bucket, Key = destination.Location.Key }, cli.Cancellation).ConfigureAwait(false);
        if (cli.Json)
        {
            JsonLine.Result(cli.Out, "abort", json =>
            {
                json.WriteString("source", source);
                json.WriteString("destination", destination.Display);
                json.WriteBoolean("aborted", removed);
            });
            return ExitCodes.Success;
        }

        cli.Out.WriteLine(removed
            ? $"Aborted the upload of {source} to {destination.Display} and deleted its checkpoint."
            : $"No interrupted upload of {source} to {destination.Display} in {checkpoints.Display}.");
        return ExitCodes.Success;
    }

    /// <summary>
    /// <c>rupload abort &lt;directory&gt; &lt;prefix&gt;/</c>: drops the batch that <c>upload</c> recorded for that base
    /// directory (for <c>--files-from</c>: the base directory it was given, or the current one) and destination, and
    /// aborts the interrupted uploads under the prefix. Objects already uploaded stay.
    /// </summary>
    private static async Task<int> AbortBatchAsync(AbortArguments args, string baseDirectory, CliContext cli)
    {
        var destination = DestinationParser.Parse(args.Destination, args.Settings, prefix: true);
        var checkpoints = CheckpointStoreSpec.Parse(args.Checkpoint, cli.Environment);
        if (checkpoints.Use is null)
        {
            throw new UsageException("abort needs a checkpoint store; --checkpoint none has none.");
        }

        var display = checkpoints.Display;
        using var loggers = cli.CreateLoggerFactory(args.Verbose);
        await using var host = CliHost.Create(destination, checkpoints, loggers: loggers);
        var uploader = host.Uploader;
        var batchId = BatchUploadCommand.BatchName(baseDirectory, destination);
        var result = await uploader.AbortBatchAsync(batchId, destination.Location.Bucket, destination.Location.Key, cli.Cancellation).ConfigureAwait(false);
        if (cli.Json)
        {
            JsonLine.Result(cli.Out, "abort", json =>
            {
                json.WriteString("batch", batchId);
                json.WriteString("destination", destination.Display);
                json.WriteBoolean("batchRecordDeleted", result.BatchCheckpointsDeleted > 0);
                json.WriteArray("abortedUploads", result.AbortedUploads, (j, location) => j.WriteString("location", location.ToString()));
            });
            return ExitCodes.Success;
        }

        foreach (var location in result.AbortedUploads)
        {
            cli.Out.WriteLine($"aborted {location}");
        }

        cli.Out.WriteLine(string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"{(result.BatchCheckpointsDeleted > 0 ? $"Deleted the batch record of {batchId}" : $"No batch record of {batchId} in {display}")}; aborted {result.AbortedUploads.Count} interrupted upload(s) under {destination.Display}."));
        return ExitCodes.Success;
    }

    private sealed record AbortArguments(string Source, string Destination, DestinationSettings Settings, string? Checkpoint, bool Verbose);
}
