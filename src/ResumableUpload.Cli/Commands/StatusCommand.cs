using System.CommandLine;
using System.Globalization;
using ResumableUpload.Cli.CommandLine;
using ResumableUpload.Cli.Hosting;
using ResumableUpload.Cli.Output;

namespace ResumableUpload.Cli.Commands;

/// <summary><c>rupload status</c>: the checkpoints in a store, with parts and bytes done.</summary>
internal static class StatusCommand
{
    public static Command Create(CliContext cli)
    {
        var checkpoint = CommonOptions.Checkpoint();
        var command = new Command("status", "Show the interrupted uploads and unfinished batches a checkpoint store records.") { checkpoint };
        command.SetAction((parse, _) => RunAsync(parse.GetValue(checkpoint), cli));
        return command;
    }

    private static async Task<int> RunAsync(string? spec, CliContext cli)
    {
        var checkpoints = CheckpointStoreSpec.Parse(spec, cli.Environment);
        if (checkpoints.Use is null)
        {
            throw new UsageException("status needs a checkpoint store; --checkpoint none has none.");
        }

        var display = checkpoints.Display;
        await using var host = CliHost.Create(null, checkpoints);
        var store = host.Store!;

        var count = 0;
        var batches = new List<BatchCheckpoint>();
        await foreach (var entry in store.ListAsync(cli.Cancellation).ConfigureAwait(false))
        {
            if (entry.Checkpoint is { } record && BatchCheckpoint.From(record) is { } batch)
            {
                batches.Add(batch); // a batch's list of done files, not an upload: shown apart, after the uploads
                continue;
            }

            count++;
            if (entry.Checkpoint is not { } checkpoint)
            {
                cli.Out.WriteLine($"{entry.Key}  unreadable: {entry.Problem}");
                continue;
            }

            var h = checkpoint.Header;
            var percent = h.Source.Length == 0 ? 100 : 100.0 * checkpoint.CompletedBytes / h.Source.Length;
            cli.Out.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{entry.Key}  {h.Source.Path} -> {h.TargetIdentity} {h.Location}  parts {checkpoint.Parts.Count}/{h.PartCount}  {ByteFormat.Size(checkpoint.CompletedBytes)} of {ByteFormat.Size(h.Source.Length)} ({percent:0.0}%)  upload {h.UploadId}  started {h.CreatedAt:u}"));
        }

        if (count == 0)
        {
            cli.Out.WriteLine($"No interrupted uploads in {display}.");
        }

        foreach (var batch in batches)
        {
            // The batch id of the CLI's own batches is "<base directory> -> <destination prefix>".
            var destination = batch.Destination.Bucket.Length == 0 && batch.Destination.Key.Length == 0 ? string.Empty : $" {batch.TargetIdentity} {batch.Destination}";
            cli.Out.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"batch {batch.BatchId}{destination}  files done {batch.FilesDone} ({ByteFormat.Size(batch.BytesDone)})  started {batch.CreatedAt:u}"));
        }

        if (batches.Count > 0)
        {
            cli.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{batches.Count} unfinished batch(es): run the same upload command again to finish (done files are skipped), or rupload abort <directory> <destination-prefix>/ to drop one."));
        }

        return ExitCodes.Success;
    }
}
