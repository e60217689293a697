using System.ComponentModel.DataAnnotations;
using ResumableUpload.Cli.Commands;
using ResumableUpload.Cli.CommandLine;

namespace ResumableUpload.Cli;

/// <summary>Dispatches a command and turns every failure into a one-line message and an exit code, never a stack trace.</summary>
internal static class CliRunner
{
    public static async Task<int> RunAsync(string[] args, CliContext cli)
    {
        try
        {
            return await DispatchAsync(args, cli).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            var (code, message) = Describe(ex, cli.Cancellation);
            cli.Error.WriteLine("rupload: " + message);
            return code;
        }
    }

    internal static (int Code, string Message) Describe(Exception ex, CancellationToken cancellation) => ex switch
    {
        OperationCanceledException when cancellation.IsCancellationRequested
            => (ExitCodes.Interrupted, "interrupted; the checkpoint is kept: run the same command again to resume."),
        UsageException u => (ExitCodes.BadInput, u.Message),
        ValidationException v => (ExitCodes.BadInput, v.Message),
        FileNotFoundException f => (ExitCodes.BadInput, f.Message),
        DirectoryNotFoundException d => (ExitCodes.BadInput, d.Message),
        UnauthorizedAccessException a => (ExitCodes.BadInput, a.Message),
        ArgumentException a => (ExitCodes.BadInput, a.Message),
        CheckpointLockedException l => (ExitCodes.Locked, l.Message),
        SourceChangedException s => (ExitCodes.SourceChanged, s.Message),
        TargetException t => DescribeTarget(t),
        ChecksumMismatchException c => (ExitCodes.FailedResumable, c.Message + " The checkpoint is kept."),
        CheckpointCorruptException c => (ExitCodes.FailedResumable, c.Message),
        StackExchange.Redis.RedisConnectionException r => (ExitCodes.FailedResumable, $"the Redis checkpoint store cannot be reached ({r.FailureType}); nothing was uploaded without a checkpoint, run again when it is up."),
        StackExchange.Redis.RedisException r => (ExitCodes.FailedResumable, $"Redis checkpoint store error: {r.Message}"),
        Microsoft.Data.Sqlite.SqliteException s => (ExitCodes.FailedResumable, $"SQLite checkpoint store error: {s.Message}"),
        IOException io => (ExitCodes.FailedResumable, $"I/O error: {io.Message} The checkpoint is kept: fix the cause and run the same command again."),
        _ => (ExitCodes.FailedResumable, $"unexpected {ex.GetType().Name}: {ex.Message}"),
    };

    private static (int, string) DescribeTarget(TargetException t)
    {
        // One line whatever the SDK put in the message: the mappers end configuration errors with the fix.
        var message = t.Message.ReplaceLineEndings(" ");
        var detail = $"{message} [{(string.IsNullOrEmpty(t.ErrorCode) ? "error" : t.ErrorCode)}{(t.StatusCode is { } s ? $", HTTP {s}" : string.Empty)}{(t.RequestId is { } r ? $", request id {r}" : string.Empty)}]";
        return t.Kind switch
        {
            TargetErrorKind.MissingCredentials => (ExitCodes.Configuration, "no credentials: " + detail),
            TargetErrorKind.AccessDenied => (ExitCodes.Configuration, "access denied: " + detail),
            TargetErrorKind.BucketNotFound => (ExitCodes.Configuration, "the bucket or container does not exist: " + detail),
            TargetErrorKind.NotAnObjectStore => (ExitCodes.Configuration, "wrong endpoint: " + detail),
            TargetErrorKind.Unreachable => (ExitCodes.Configuration, "cannot connect: " + detail),
            TargetErrorKind.InvalidRequest => (ExitCodes.BadInput, "invalid request: " + detail),
            _ => (ExitCodes.FailedResumable, "the upload failed; run the same command again to resume (parts already sent stay recorded): " + detail),
        };
    }

    private static Task<int> DispatchAsync(string[] args, CliContext cli)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
        {
            cli.Out.WriteLine(HelpText.Full);
            return Task.FromResult(args.Length == 0 ? ExitCodes.BadInput : ExitCodes.Success);
        }

        var rest = args.Skip(1);
        if (args.Any(a => a == "--cluster" || a.StartsWith("--cluster=", StringComparison.Ordinal)) && args[0] is "upload" or "status" or "abort")
        {
            // The distributed forms (Cluster/): a job for the workers of a cluster instead of an upload in this process.
            return args[0] switch
            {
                "upload" => Cluster.ClusterJobCommands.UploadAsync(rest, cli),
                "status" => Cluster.ClusterJobCommands.StatusAsync(rest, cli),
                _ => Cluster.ClusterJobCommands.AbortAsync(rest, cli),
            };
        }

        return args[0] switch
        {
            "worker" => Cluster.WorkerCommand.RunAsync(rest, cli),
            "--version" => VersionCommand.RunAsync(rest, cli),
            "upload" => UploadCommand.RunAsync(rest, cli),
            "status" => StatusCommand.RunAsync(rest, cli),
            "abort" => AbortCommand.RunAsync(rest, cli),
            "list" => ListCommand.RunAsync(rest, cli),
            "sweep" => SweepCommand.RunAsync(rest, cli),
            _ => throw new UsageException($"Unknown command '{args[0]}'. Run rupload --help."),
        };
    }
}
