using System.Globalization;
using ResumableUpload.Cli.CommandLine;
using ResumableUpload.Cli.Output;

namespace ResumableUpload.Cli.Commands;

/// <summary><c>rupload status</c>: the checkpoints in a store, with parts and bytes done.</summary>
internal static class StatusCommand
{
    public const string Usage = "rupload status [--checkpoint dir:<path>|sqlite:<path>|redis:<host:port>]";

    public static async Task<int> RunAsync(IEnumerable<string> tokens, CliContext cli)
    {
        var args = Arguments.Parse(tokens, ["--checkpoint"], []);
        args.ExpectPositionals(0, Usage);
        var (store, owner, display) = CheckpointStoreSpec.Create(args.Value("--checkpoint"), cli.Environment);
        await using var lifetime = owner;
        if (store is null)
        {
            throw new UsageException("status needs a checkpoint store; --checkpoint none has none.");
        }

        var count = 0;
        await foreach (var entry in store.ListAsync(cli.Cancellation).ConfigureAwait(false))
        {
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

        return ExitCodes.Success;
    }
}
