using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ResumableUpload.CrashMatrix;

/// <summary>
/// One <c>dotnet rupload.dll …</c> child process, its progress (<c>parts K/N</c> lines on stderr with
/// <c>--progress lines --progress-interval 0s</c>), and SIGKILL.
/// </summary>
internal sealed partial class RuploadChild : IDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private int partsDone = -1;
    private int partsTotal = -1;
    private int exitCode = int.MinValue;

    private RuploadChild(Process process) => this.process = process;

    /// <summary>Gets the last reported finished parts, or -1 before the first progress line.</summary>
    public int PartsDone => Volatile.Read(ref partsDone);

    /// <summary>Gets the part count from the progress lines, or -1 before the first.</summary>
    public int PartsTotal => Volatile.Read(ref partsTotal);

    /// <summary>Gets whether the child died of SIGKILL (exit status 128 + 9), as opposed to finishing before the kill came.</summary>
    public bool Killed => Volatile.Read(ref exitCode) == 128 + 9;

    public TimeSpan Elapsed => clock.Elapsed;

    /// <summary>Gets what the child printed, both streams, for a report.</summary>
    public string Output => string.Join('\n', output);

    /// <summary>Called with (done, total) on each progress line, on a reader thread.</summary>
    public Action<int, int>? OnProgress { get; set; }

    public static RuploadChild Start(string ruploadDll, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(ruploadDll);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var (k, v) in environment)
        {
            info.Environment[k] = v;
        }

        var process = new Process { StartInfo = info };
        var child = new RuploadChild(process);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data, progress: true);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data, progress: false);
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return child;
    }

    /// <summary>SIGKILL (Process.Kill on Unix): no handler runs, nothing is flushed, exactly like a crash.</summary>
    /// <returns>Whether the process was still running (it may still have been exiting by itself: see <see cref="Killed"/>).</returns>
    public bool KillHard()
    {
        try
        {
            if (process.HasExited)
            {
                return false;
            }

            process.Kill(entireProcessTree: true);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <returns>The exit code; on timeout the child is killed and the code is -1.</returns>
    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            KillHard();
            await process.WaitForExitAsync();
            output.Enqueue($"(harness: no exit within {timeout.TotalSeconds:0} s; killed)");
            return -1;
        }

        process.WaitForExit(); // drains the redirected streams
        Volatile.Write(ref exitCode, process.ExitCode);
        return process.ExitCode;
    }

    public void Dispose()
    {
        KillHard();
        process.Dispose();
    }

    private void OnLine(string? line, bool progress)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        var match = progress ? PartsLine().Match(line) : Match.Empty;
        if (match.Success)
        {
            var done = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var total = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            Volatile.Write(ref partsTotal, total);
            Volatile.Write(ref partsDone, done);
            OnProgress?.Invoke(done, total);
        }
    }

    [GeneratedRegex(@"parts (\d+)/(\d+)")]
    private static partial Regex PartsLine();
}
