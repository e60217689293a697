using ResumableUpload.Cli;

namespace ResumableUpload.Cli.Tests;

/// <summary>Runs the CLI's entry in this process with captured stdout and stderr (no child process: for what needs no signal or terminal).</summary>
internal static class CliInProcess
{
    public static async Task<(int Code, string Out, string Error)> RunAsync(string[] args, bool outIsTerminal = false, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var cli = new CliContext(output, error, name => environment is not null && environment.TryGetValue(name, out var value) ? value : null, CancellationToken.None)
        {
            OutIsTerminal = outIsTerminal,
            Columns = 200,
        };
        var code = await CliRunner.RunAsync(args, cli);
        return (code, output.ToString(), error.ToString());
    }
}
