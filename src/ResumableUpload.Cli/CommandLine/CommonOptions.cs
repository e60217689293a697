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

    /// <param name="scope">What the cap is shared by ("every part and file of the command", "every part this worker sends").</param>
    public static Option<long?> MaxBandwidth(string scope) => CliOptions.Value<long?>(
        "--max-bandwidth",
        "rate",
        $"The most bytes per second sent, shared by {scope} (50MiB/s, 800KiB/s) [default: no cap].",
        static text => SizeParser.ParseRate(text, "--max-bandwidth"));

    public static Option<bool> Verbose() => CliOptions.Flag("--verbose", "Log resumes, retries and each file of a batch on stderr.", "-v");
}
