using System.CommandLine;
using System.Globalization;
using ResumableUpload.Cli.CommandLine;
using ResumableUpload.Cli.Destinations;
using ResumableUpload.Cli.Hosting;
using ResumableUpload.Cli.Output;
using ResumableUpload.Cli.Output.Json;

namespace ResumableUpload.Cli.Commands;

/// <summary>
/// <c>rupload upload &lt;file|-|URL&gt; &lt;destination&gt;</c>: upload, or resume the interrupted upload of the same source to the
/// same object (stdin by replay: run the same pipeline again); a directory or a list goes to <see cref="BatchUploadCommand"/>.
/// </summary>
internal static class UploadCommand
{
    public static Command Create(CliContext cli)
    {
        var symbols = new UploadSymbols();
        var command = new Command("upload", "Upload a file, a directory or a list of files; run it again to resume.");
        symbols.AddTo(command);
        command.Validators.Add(result =>
        {
            // With --files-from the base directory is optional: one positional is then the destination.
            var given = (result.GetValue(symbols.Source) is null ? 0 : 1) + (result.GetValue(symbols.Destination) is null ? 0 : 1);
            if (given < (result.GetResult(symbols.FilesFrom) is { Implicit: false } ? 1 : 2))
            {
                result.AddError("Missing arguments. Usage: " + Usage.Of(command));
            }
        });
        command.SetAction((parse, _) => symbols.Cluster.Given(parse)
            ? Cluster.ClusterJobCommands.UploadAsync(symbols, parse, cli)
            : BatchUploadCommand.Applies(symbols, parse)
                ? BatchUploadCommand.RunAsync(symbols, parse, cli)
                : RunAsync(symbols, parse, cli));
        return command;
    }

    private static async Task<int> RunAsync(UploadSymbols symbols, ParseResult parse, CliContext cli)
    {
        BatchUploadCommand.RejectBatchOptions(symbols, parse);
        var positionals = symbols.Positionals(parse);
        var progressMode = symbols.ProgressMode(parse, cli);
        var (source, display) = UploadSources.Parse(positionals[0], symbols, parse, cli);
        var destination = DestinationParser.Parse(positionals[1], symbols.Target.Read(parse, cli));
        var checkpoints = CheckpointStoreSpec.Parse(parse.GetValue(symbols.Checkpoint), cli.Environment, parse.GetValue(symbols.Lease));
        using var loggers = cli.CreateLoggerFactory(symbols.IsVerbose(parse));
        var properties = symbols.Object.Read(parse, cli.Environment);
        await using var host = CliHost.Create(destination, checkpoints, symbols.Options(parse), loggers);
        properties.Validate(host.Target.Capabilities);
        var uploader = host.Uploader;
        var result = await UploadDisplay.RunAsync(cli, progressMode, symbols.ProgressLineInterval(parse), progress => uploader.UploadAsync(
            new UploadRequest
            {
                Source = source,
                Bucket = destination.Location.Bucket,
                Key = destination.Location.Key,
                Properties = properties,
                Progress = progress,
            },
            cli.Cancellation)).ConfigureAwait(false);
        if (cli.Json)
        {
            JsonResults.Upload(cli.Out, display, destination.Display, result);
            return ExitCodes.Success;
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
}
