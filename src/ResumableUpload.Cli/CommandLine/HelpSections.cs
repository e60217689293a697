using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using ResumableUpload.Cli.Destinations;
using ResumableUpload.Cli.Hosting;

namespace ResumableUpload.Cli.CommandLine;

/// <summary>
/// Help: System.CommandLine's (usage, arguments, options, commands, from the definitions), then what it cannot list:
/// destinations, checkpoint stores, batches, exit codes.
/// </summary>
internal sealed class HelpSections(HelpAction standard) : SynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    /// <summary>Puts these sections after the standard help of every command.</summary>
    public static void Install(RootCommand root)
    {
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new HelpSections((HelpAction)help.Action!);
    }

    public override int Invoke(ParseResult parseResult)
    {
        var code = standard.Invoke(parseResult);
        var output = parseResult.InvocationConfiguration.Output;
        foreach (var section in For(parseResult.CommandResult.Command))
        {
            output.WriteLine(section);
        }

        return code;
    }

    private static IEnumerable<string> For(Command command) => command switch
    {
        RootCommand => [Destinations, ExitCodes],
        { Name: "upload" } => [Destinations, Batches, Streams, ExitCodes],
        { Name: "list" or "sweep" or "abort" } => [Destinations],
        _ => [],
    };

    private static string Destinations => $"""
        Destinations: {DestinationParser.Schemes}
          s3:// uses the AWS environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION, AWS_PROFILE); --endpoint
          for other servers. az:// uses AZURE_STORAGE_CONNECTION_STRING.
        Checkpoint stores: {CheckpointStoreSpec.Forms}
        Sizes: 8MiB, 512KiB, 1GiB or bytes. Durations: 90s, 15m, 2h, 7d.

        """;

    private static string Streams => """
        Streams: '-' reads stdin (rerun the same pipeline to resume: parts whose CRC matches the checkpoint are verified,
          not sent); an http(s):// URL served with Range is read resumably. --size-hint sizes parts as for a file of that
          length; --stream-name keeps two streams to one key apart; --expect-size fails if stdin ends at another length;
          --no-complete-on-eof sends every part but does not complete (rerun without it to complete).

        """;

    private static string Batches => """
        Directories and lists: the destination is a prefix ending in '/' (s3://bucket/prefix/, az://container/prefix/,
          file:///folder/, null://); each key is the prefix + the file's path relative to the directory, '/' between names.
          --include/--exclude match that relative path. --files-from paths start from <source> (default: the current
          directory); a file outside it gets prefix + its file name. A rerun skips the files done and resumes big files
          part-wise; one summary at the end: uploaded, skipped as already done, failed (each failed path with its reason).
          status lists unfinished batches; abort <directory> <prefix>/ drops one; sweep never aborts an upload a
          checkpoint records. Run the same command again after a crash or Ctrl-C to resume.

        """;

    private static string ExitCodes => """
        Exit codes: 0 done; 1 failed, resumable (checkpoint kept; for a batch: any file failed); 2 bad usage or input, or a
          configuration error (a batch stops at once); 3 checkpoint locked by another process (for a batch: the same batch
          is running); 4 source changed during the upload (nothing completed); 130 interrupted.
        """;
}
