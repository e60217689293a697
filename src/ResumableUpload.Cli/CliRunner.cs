using System.CommandLine;
using System.CommandLine.Parsing;
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using ResumableUpload.Cli.Commands;
using ResumableUpload.Cli.CommandLine;
using ResumableUpload.Cli.Output.Json;

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
            if (cli.Json)
            {
                JsonLine.Error(cli.Out, code, message);
            }

            return code;
        }
    }

    internal static (int Code, string Message) Describe(Exception ex, CancellationToken cancellation) => ex switch
    {
        OperationCanceledException when cancellation.IsCancellationRequested
            => (ExitCodes.Interrupted, "interrupted; the checkpoint is kept: run the same command again to resume."),
        UsageException u => (ExitCodes.BadInput, u.Message),
        ValidationException v => (ExitCodes.BadInput, v.Message),
        OptionsValidationException v => (ExitCodes.BadInput, $"Invalid {(v.OptionsType == typeof(UploadOptions) ? "upload options" : v.OptionsType.Name)}: {string.Join(" ", v.Failures.Select(f => "- " + NameTheFlag(f)))}"),
        FileNotFoundException f => (ExitCodes.BadInput, f.Message),
        DirectoryNotFoundException d => (ExitCodes.BadInput, d.Message),
        UnauthorizedAccessException a => (ExitCodes.BadInput, a.Message),
        ArgumentException a => (ExitCodes.BadInput, a.Message),
        CheckpointLockedException l => (ExitCodes.Locked, l.Message),
        SourceChangedException s => (ExitCodes.SourceChanged, s.Message),
        PartCountExceededException p => (ExitCodes.BadInput, p.Message),
        NotSupportedException n => (ExitCodes.BadInput, n.Message),
        HttpRequestException h => (ExitCodes.FailedResumable, $"the source cannot be read ({h.Message}); the checkpoint is kept: run the same command again to resume."),
        TargetException t => DescribeTarget(t),
        ChecksumMismatchException c => (ExitCodes.FailedResumable, c.Message + " The checkpoint is kept."),
        CheckpointCorruptException c => (ExitCodes.FailedResumable, c.Message),
        StackExchange.Redis.RedisConnectionException r => (ExitCodes.FailedResumable, $"the Redis checkpoint store cannot be reached ({r.FailureType}); nothing was uploaded without a checkpoint, run again when it is up."),
        StackExchange.Redis.RedisException r => (ExitCodes.FailedResumable, $"Redis checkpoint store error: {r.Message}"),
        Microsoft.Data.Sqlite.SqliteException s => (ExitCodes.FailedResumable, $"SQLite checkpoint store error: {s.Message}"),
        IOException io => (ExitCodes.FailedResumable, $"I/O error: {io.Message} The checkpoint is kept: fix the cause and run the same command again."),
        _ => (ExitCodes.FailedResumable, $"unexpected {ex.GetType().Name}: {ex.Message}"),
    };

    // The upload options the command line sets, by the flag that sets them: a problem names what the user typed.
    private static readonly (string Property, string Flag)[] Flags =
    [
        (nameof(UploadOptions.PartSize), "--part-size"),
        (nameof(UploadOptions.PartsInFlight), "--threads"),
        (nameof(UploadOptions.MaxBytesPerSecond), "--max-bandwidth"),
    ];

    /// <summary>
    /// "PartsInFlight: The field PartsInFlight must be between 1 and 64." becomes "--threads (PartsInFlight): must be
    /// between 1 and 64."; a problem of an option with no flag is left as it is.
    /// </summary>
    internal static string NameTheFlag(string failure)
    {
        foreach (var (property, flag) in Flags)
        {
            if (failure.StartsWith(property + ": ", StringComparison.Ordinal))
            {
                var problem = failure[(property.Length + 2)..];
                var annotation = $"The field {property} ";
                return $"{flag} ({property}): {(problem.StartsWith(annotation, StringComparison.Ordinal) ? problem[annotation.Length..] : problem)}";
            }
        }

        return failure;
    }

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

    private static async Task<int> DispatchAsync(string[] args, CliContext cli)
    {
        var (root, version, json) = RuploadCommand.Create(cli);

        // "@file" is a path to upload, not a response file to expand.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        cli.Json = parse.GetValue(json);
        // Help, and directives such as [suggest] (shell completions), act on whatever the line holds so far.
        var asksForHelpOrCompletions = parse.Action is HelpSections || parse.Tokens.Any(t => t.Type == TokenType.Directive);
        if (!asksForHelpOrCompletions && UsageErrors.Find(parse, version) is { } problem)
        {
            throw new UsageException(problem);
        }

        // Exceptions and Ctrl-C stay ours: RunAsync maps them to a line and an exit code, Program.cs handles the signals.
        var invocation = new InvocationConfiguration { Output = cli.Out, Error = cli.Error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
        return await parse.InvokeAsync(invocation, cli.Cancellation).ConfigureAwait(false);
    }
}
