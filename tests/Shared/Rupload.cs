using System.Collections.Concurrent;
using System.Diagnostics;

namespace ResumableUpload.TestSupport;

/// <summary>Runs the real <c>rupload</c> CLI (built next to the tests) in a child process.</summary>
public sealed class Rupload : IDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> stderr = new();
    private readonly ConcurrentQueue<string> stdout = new();

    private Rupload(Process process) => this.process = process;

    public static string DllPath => Path.Combine(AppContext.BaseDirectory, "rupload.dll");

    public IEnumerable<string> Stderr => stderr;

    public string Output => string.Join('\n', stdout) + "\n" + string.Join('\n', stderr);

    public Action<string>? OnStderrLine { get; set; }

    /// <param name="args">The command line.</param>
    /// <param name="environment">Variables to add.</param>
    /// <param name="onStderrLine">Told every stderr line as it comes.</param>
    /// <param name="stdin">Writes stdin, as the producer of <c>producer | rupload ...</c> would (<see cref="Pipe"/>); stdin is closed when it returns, and a pipe broken by the process's death ends it quietly.</param>
    public static Rupload Start(IEnumerable<string> args, IDictionary<string, string>? environment = null, Action<string>? onStderrLine = null, Func<Stream, Task>? stdin = null)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = stdin is not null, UseShellExecute = false };
        info.ArgumentList.Add(DllPath);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["RUPLOAD_STATE_DIR"] = Path.Combine(Path.GetTempPath(), "rupload-test-state");
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[k] = v;
        }

        var process = new Process { StartInfo = info };
        var run = new Rupload(process) { OnStderrLine = onStderrLine };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                run.stderr.Enqueue(line);
                run.OnStderrLine?.Invoke(line);
            }
        };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                run.stdout.Enqueue(line);
            }
        };
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        if (stdin is not null)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await stdin(process.StandardInput.BaseStream);
                    process.StandardInput.Close();
                }
                catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException)
                {
                    // The reader died (killed): a broken pipe, as the producer of a real pipeline sees it.
                }
            });
        }

        return run;
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> args, IDictionary<string, string>? environment = null, Func<Stream, Task>? stdin = null)
    {
        using var run = Start(args, environment, stdin: stdin);
        var code = await run.WaitAsync(TimeSpan.FromMinutes(3));
        return (code, run.Output);
    }

    /// <summary>A producer that writes the first <paramref name="length"/> bytes of a file (all of it by default), then waits for <paramref name="hold"/> before it ends.</summary>
    public static Func<Stream, Task> Pipe(string file, long length = long.MaxValue, Task? hold = null) => async stdin =>
    {
        await using (var source = File.OpenRead(file))
        {
            var buffer = new byte[1 << 16];
            for (long left = length; left > 0;)
            {
                var n = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)));
                if (n == 0)
                {
                    break;
                }

                await stdin.WriteAsync(buffer.AsMemory(0, n));
                left -= n;
            }

            await stdin.FlushAsync();
        }

        await (hold ?? Task.CompletedTask);
    };

    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cts.Token);
        process.WaitForExit(); // drains the redirected streams
        return process.ExitCode;
    }

    /// <summary>SIGSTOP: the process holds whatever it holds (files, leases) but does nothing until it is killed.</summary>
    public void Suspend()
    {
        using var stop = Process.Start(new ProcessStartInfo("kill", ["-STOP", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        stop.WaitForExit();
    }

    /// <summary>SIGCONT: a suspended process goes on where it stopped, unaware of the time that passed.</summary>
    public void Continue()
    {
        using var cont = Process.Start(new ProcessStartInfo("kill", ["-CONT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        cont.WaitForExit();
    }

    public int ProcessId => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>Completes when the process has exited (no polling: the runtime's SIGCHLD handling completes it).</summary>
    public Task ExitedAsync() => process.WaitForExitAsync();

    /// <summary>SIGKILL: no handler runs, nothing is flushed, exactly like a crash.</summary>
    public void KillHard()
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }

    public void Dispose()
    {
        KillHard();
        process.Dispose();
    }
}
