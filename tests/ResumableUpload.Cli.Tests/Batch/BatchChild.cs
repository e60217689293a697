using System.Collections.Concurrent;
using System.Diagnostics;
using ResumableUpload.TestSupport;

namespace ResumableUpload.Cli.Tests.Batch;

/// <summary>
/// One run of <c>rupload upload &lt;dir&gt; &lt;prefix&gt;/ --verbose</c> in a child process, the per-file lines it prints
/// on stderr as the library yields each outcome (<c>rupload: uploaded|skipped|failed &lt;path&gt; -&gt; &lt;key&gt;</c>, after
/// the batch ledger recorded the file), its summary, and SIGKILL.
/// </summary>
internal sealed class BatchChild : IDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();
    private readonly ConcurrentQueue<(string Status, string Key)> outcomes = new();
    private int uploaded;

    private BatchChild(Process process) => this.process = process;

    /// <summary>Gets the files this run reported uploaded so far.</summary>
    public int Uploaded => Volatile.Read(ref uploaded);

    /// <summary>Gets the files this run resumed at part level from a checkpoint an earlier run left (<c>--verbose</c> logs each).</summary>
    public int Resumed => output.Count(l => l.Contains("info: Resuming upload", StringComparison.Ordinal));

    /// <summary>Gets the outcome lines (uploaded, skipped, failed) in the order the child printed them.</summary>
    public IReadOnlyList<(string Status, string Key)> Outcomes => [.. outcomes];

    /// <summary>Gets everything the child printed (both streams), for a failure message.</summary>
    public string Output => string.Join('\n', output);

    /// <summary>Called on a reader thread after each uploaded line, with the count so far.</summary>
    public Action<int>? OnUploaded { get; set; }

    public static BatchChild Start(IEnumerable<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(Rupload.DllPath);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var (k, v) in environment)
        {
            info.Environment[k] = v;
        }

        var process = new Process { StartInfo = info };
        var child = new BatchChild(process);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                child.output.Enqueue(line);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

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

    /// <returns>The exit code (137 after SIGKILL); on timeout the child is killed and the test fails.</returns>
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
            throw new Xunit.Sdk.XunitException($"the batch child did not end within {timeout.TotalSeconds:0} s:\n{Output}");
        }

        process.WaitForExit(); // drains the redirected streams
        return process.ExitCode;
    }

    public void Dispose()
    {
        KillHard();
        process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        var fields = line.Split(' ', 3);
        var arrow = line.LastIndexOf(" -> ", StringComparison.Ordinal);
        if (fields.Length == 3 && fields[0] == "rupload:" && fields[1] is "uploaded" or "skipped" or "failed" && arrow > 0)
        {
            outcomes.Enqueue((fields[1], line[(arrow + 4)..]));
            if (fields[1] == "uploaded")
            {
                OnUploaded?.Invoke(Interlocked.Increment(ref uploaded));
            }
        }
    }
}
