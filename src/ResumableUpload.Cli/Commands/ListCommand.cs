using System.CommandLine;
using ResumableUpload.Cli.CommandLine;
using ResumableUpload.Cli.Destinations;
using ResumableUpload.Cli.Hosting;
using ResumableUpload.Cli.Output;

namespace ResumableUpload.Cli.Commands;

/// <summary><c>rupload list &lt;destination-prefix&gt;</c>: the uploads in progress on the target (initiated, never completed nor aborted).</summary>
internal static class ListCommand
{
    public static Command Create(CliContext cli)
    {
        var prefix = DestinationArgument.Create("Where to look: s3://bucket/[prefix], az://container/[prefix], file:///folder/.", "destination-prefix");
        var target = new TargetOptions(unsignedPayload: false);
        var command = new Command("list", "List the uploads in progress on the target under a prefix (started, never finished).") { prefix };
        target.AddTo(command);
        Positionals.Require(command, prefix);
        command.SetAction((parse, _) => RunAsync(DestinationParser.Parse(parse.GetValue(prefix)!, target.Read(parse, cli), prefix: true), cli));
        return command;
    }

    private static async Task<int> RunAsync(Destination destination, CliContext cli)
    {
        await using var host = CliHost.Create(destination, CheckpointChoice.None);
        var uploader = host.Uploader;
        var uploads = new List<PendingUpload>();
        await foreach (var upload in uploader.ListIncompleteUploadsAsync(destination.Location.Bucket, destination.Location.Key, cli.Cancellation).ConfigureAwait(false))
        {
            uploads.Add(upload);
        }

        PendingUploadsView.Write(cli, destination.Display, uploads);
        return ExitCodes.Success;
    }
}
