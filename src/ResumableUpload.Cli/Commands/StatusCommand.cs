using System.CommandLine;
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
        var cluster = new Cluster.ClusterSymbols();
        var command = new Command("status", "Show the interrupted uploads and unfinished batches a checkpoint store records (with --cluster: the cluster's jobs).") { checkpoint };
        cluster.AddTo(command);
        command.SetAction((parse, _) => cluster.Given(parse)
            ? Cluster.ClusterJobCommands.StatusAsync(cluster.Read(parse), cli)
            : RunAsync(parse.GetValue(checkpoint), cli));
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

        var uploads = new List<CheckpointEntry>();
        var batches = new List<BatchCheckpoint>();
        await foreach (var entry in store.ListAsync(cli.Cancellation).ConfigureAwait(false))
        {
            if (entry.Checkpoint is { } record && BatchCheckpoint.From(record) is { } batch)
            {
                batches.Add(batch); // a batch's list of done files, not an upload: shown apart, after the uploads
            }
            else
            {
                uploads.Add(entry);
            }
        }

        StatusView.Write(cli, display, uploads, batches);
        return ExitCodes.Success;
    }
}
