using ResumableUpload.Cli.Output.Json;
using ResumableUpload.Cli.Output.Live;

namespace ResumableUpload.Cli.Output;

/// <summary>Runs an upload with the progress display its mode asks for: live, lines, JSON lines, or none.</summary>
internal static class UploadDisplay
{
    public static async Task<T> RunAsync<T>(CliContext cli, ProgressMode mode, TimeSpan interval, Func<IProgress<UploadProgress>?, Task<T>> upload) => mode switch
    {
        ProgressMode.Bar => await LiveDisplay.RunAsync(cli.LiveConsole(), cli.Stderr, display => upload(display.AddUpload(null))).ConfigureAwait(false),
        ProgressMode.Lines => await upload(new ProgressLines(cli.Error, interval)).ConfigureAwait(false),
        ProgressMode.Json => await upload(new JsonProgress(cli.Out, interval)).ConfigureAwait(false),
        _ => await upload(null).ConfigureAwait(false),
    };
}
