using System.CommandLine;
using ResumableUpload.Cli.Hosting;

namespace ResumableUpload.Cli.CommandLine;

/// <summary>Options that several commands take, built afresh for each (a symbol belongs to one command).</summary>
internal static class CommonOptions
{
    public static Option<string?> Checkpoint() => CliOptions.Text(
        "--checkpoint",
        "store",
        $"Where checkpoints are kept: {CheckpointStoreSpec.Forms} [default: a folder under $RUPLOAD_STATE_DIR, $XDG_STATE_HOME/rupload or ~/.local/state/rupload].");

    public static Option<bool> Verbose() => CliOptions.Flag("--verbose", "Log resumes, retries and each file of a batch on stderr.", "-v");
}
