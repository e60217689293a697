using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ResumableUpload.Cli.CommandLine;
using ResumableUpload.Cli.Destinations;
using ResumableUpload.Cli.Hosting;
using ResumableUpload.Cli.Output;
using ResumableUpload.Cli.Output.Json;

namespace ResumableUpload.Cli.Commands;

/// <summary>
/// <c>rupload sweep &lt;destination-prefix&gt; --older-than &lt;duration&gt; [--dry-run]</c>: abort uploads that were
/// started and never finished. Their parts are stored (and billed) until someone aborts them.
/// </summary>
internal static class SweepCommand
{
    public static Command Create(CliContext cli)
    {
        var prefix = DestinationArgument.Create("Where to look: s3://bucket/[prefix], az://container/[prefix], file:///folder/.", "destination-prefix");
        var olderThan = CliOptions.Duration("--older-than", "Abort the uploads started longer ago than this (7d, 12h, or 0s for every one); required.");
        var dryRun = CliOptions.Flag("--dry-run", "Only list what would be aborted.");
        var checkpoint = CommonOptions.Checkpoint();
        var target = new TargetOptions(unsignedPayload: false);
        var command = new Command("sweep", "Abort the uploads under a prefix started and never finished (their parts are billed until then).") { prefix, olderThan, dryRun, checkpoint };
        target.AddTo(command);
        Positionals.Require(command, prefix);
        command.SetAction((parse, _) =>
        {
            var age = parse.GetValue(olderThan) ?? throw new UsageException("sweep needs --older-than <duration> (for example 7d, or 0s for every incomplete upload).");
            var destination = DestinationParser.Parse(parse.GetValue(prefix)!, target.Read(parse, cli), prefix: true);
            return RunAsync(cli, destination, age, parse.GetResult(olderThan)!.Tokens[^1].Value, parse.GetValue(dryRun), parse.GetValue(checkpoint));
        });
        return command;
    }

    private static async Task<int> RunAsync(CliContext cli, Destination destination, TimeSpan olderThan, string text, bool dryRun, string? checkpoint)
    {
        // Uploads that a checkpoint of this store records can still resume: the sweep leaves them ("--checkpoint none" does not).
        await using var host = CliHost.Create(destination, CheckpointStoreSpec.Parse(checkpoint, cli.Environment));
        var uploader = host.Uploader;
        var result = await uploader.SweepIncompleteUploadsAsync(destination.Location.Bucket, destination.Location.Key, olderThan, dryRun, cli.Cancellation).ConfigureAwait(false);
        var code = result.Failures.Count == 0 ? ExitCodes.Success : ExitCodes.FailedResumable;
        if (cli.Json)
        {
            JsonLine.Result(cli.Out, "sweep", json =>
            {
                json.WriteString("destination", destination.Display);
                json.WriteBoolean("dryRun", dryRun);
                json.WriteArray(dryRun ? "wouldAbort" : "aborted", result.Aborted, Upload);
                json.WriteArray("kept", result.Protected, Upload);
                json.WriteArray("alreadyGone", result.AlreadyGone, Upload);
                json.WriteArray("failures", result.Failures, (j, failure) =>
                {
                    Upload(j, failure.Upload);
                    j.WriteString("error", failure.Error.Message);
                });
            });
            return code;
        }

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
        return code;
    }

    private static string Describe(PendingUpload upload) => PendingUploadsView.Line(upload);

    private static void Upload(Utf8JsonWriter json, PendingUpload upload)
    {
        json.WriteString("started", upload.InitiatedAt);
        json.WriteString("uploadId", upload.UploadId);
        json.WriteString("location", upload.Location.ToString());
    }
}
