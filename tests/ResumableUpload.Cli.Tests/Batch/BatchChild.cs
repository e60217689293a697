using System.Collections.Concurrent;
using System.Diagnostics;

namespace ResumableUpload.Cli.Tests.Batch;

/// <summary>
/// One run of a directory batch upload in a child process (<c>rupload-batch-child</c>, which calls
/// <c>UploadDirectoryAsync</c>), its per-file outcome lines as they come, and SIGKILL.
/// </summary>
internal sealed class BatchChild : IDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();
    private readonly ConcurrentQueue<(string Status, string Key)> outcomes = new();
    private int uploaded;

    private BatchChild(Process process) => this.process = process;

    public static string DllPath => Path.Combine(AppContext.BaseDirectory, "rupload-batch-child.dll");

    /// <summary>Gets the files this run reported uploaded so far.</summary>
    public int Uploaded => Volatile.Read(ref uploaded);

    /// <summary>Gets the outcome lines (uploaded, skipped, failed) in the order the child printed them.</summary>
    public IReadOnlyList<(string Status, string Key)> Outcomes => [.. outcomes];

    /// <summary>Gets everything the child printed (both streams), for a failure message.</summary>
    public string Output => string.Join('\n', output);

    /// <summary>Called on a reader thread after each uploaded line, with the count so far.</summary>
    public Action<int>? OnUploaded { get; set; }

    public static BatchChild Start(IEnumerable<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(DllPath);
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
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) =>
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
        if (fields.Length >= 2 && fields[0] is "uploaded" or "skipped" or "failed")
        {
            outcomes.Enqueue((fields[0], fields[1]));
            if (fields[0] == "uploaded")
            {
                OnUploaded?.Invoke(Interlocked.Increment(ref uploaded));
            }
        }
    }
}
