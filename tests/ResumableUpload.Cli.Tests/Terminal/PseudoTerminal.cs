using System.Diagnostics;
using System.Globalization;
using ResumableUpload.TestSupport;

namespace ResumableUpload.Cli.Tests.Terminal;

/// <summary>
/// Runs a shell command line under util-linux <c>script</c>, so that its stdin, stdout and stderr are a pseudo-terminal
/// as when a person types it, and keeps everything the terminal was sent (the <see cref="TerminalScreen"/>).
/// </summary>
public sealed class PseudoTerminal : IDisposable
{
    private readonly Process process;
    private readonly Task<string> screen;
    private readonly Task<string> scriptErrors;

    private PseudoTerminal(Process process)
    {
        this.process = process;
        screen = process.StandardOutput.ReadToEndAsync();
        scriptErrors = process.StandardError.ReadToEndAsync();
    }

    public bool HasExited => process.HasExited;

    /// <param name="commandLine">Run by the shell exactly as written.</param>
    /// <param name="workingDirectory">Where the shell starts.</param>
    /// <param name="environment">Added to (or replacing) the test process's environment.</param>
    public static PseudoTerminal Start(string commandLine, string workingDirectory, IDictionary<string, string> environment)
    {
        // -q: no "Script started" banner; -e: exit with the command's code; the typescript file is not needed, the
        // same bytes come out on script's stdout. stdin stays an open pipe that sends nothing.
        var info = new ProcessStartInfo("script")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var a in new[] { "-q", "-e", "-c", commandLine, "/dev/null" })
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["TERM"] = "xterm-256color";
        foreach (var (k, v) in environment)
        {
            info.Environment[k] = v;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("script did not start");
        return new PseudoTerminal(process);
    }

    /// <summary>
    /// The command line that runs the built <c>rupload</c> with <paramref name="args"/> on an 80 × 24 terminal. Its
    /// process id goes to <paramref name="pidFile"/> (the shell execs it, so the id is rupload's), and SIGINT is reset
    /// to its default first: a test host started in the background may have inherited SIGINT ignored, which a typing
    /// person's shell never passes on.
    /// </summary>
    public static string RuploadCommandLine(IEnumerable<string> args, string pidFile)
        => $"stty cols 80 rows 24 && echo $$ > {Quote(pidFile)} && exec env --default-signal=INT dotnet {Quote(Rupload.DllPath)} {string.Join(' ', args.Select(Quote))}";

    /// <summary>Runs <c>rupload</c> with <paramref name="args"/> on a terminal to the end.</summary>
    public static async Task<(int ExitCode, TerminalScreen Screen)> RunRuploadAsync(IEnumerable<string> args, string stateDirectory)
    {
        using var terminal = Start(RuploadCommandLine(args, Path.Combine(stateDirectory, "rupload.pid")), stateDirectory, new Dictionary<string, string> { ["RUPLOAD_STATE_DIR"] = stateDirectory });
        return await terminal.WaitAsync(TimeSpan.FromMinutes(3));
    }

    public static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>Sends SIGINT (what Ctrl-C sends) to the process whose id is in <paramref name="pidFile"/>.</summary>
    public static void Interrupt(string pidFile)
    {
        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-INT", pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new Xunit.Sdk.XunitException($"kill -INT {pid} failed (exit {kill.ExitCode})");
        }
    }

    /// <summary>
    /// Applies <paramref name="action"/> the moment <paramref name="condition"/> holds, checked on each file event under
    /// <paramref name="watched"/> while the command runs (no thread polling it).
    /// </summary>
    /// <returns>Whether the action ran (false when the command ended first).</returns>
    public Task<bool> WhenAsync(string watched, Func<bool> condition, Action action)
        => KillResume.WhenAsync(() => process.HasExited, process.WaitForExitAsync(), watched, condition, () =>
        {
            action();
            return true;
        });

    public async Task<(int ExitCode, TerminalScreen Screen)> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Dispose();
            throw new Xunit.Sdk.XunitException($"the command was still running after {timeout}; the terminal showed:\n{await screen}");
        }

        var errors = await scriptErrors;
        if (errors.Length > 0)
        {
            throw new Xunit.Sdk.XunitException("script itself complained: " + errors);
        }

        return (process.ExitCode, new TerminalScreen(await screen));
    }

    public void Dispose()
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }

        process.Dispose();
    }
}
